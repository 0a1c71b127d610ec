// spec.timeline as typed actions, each with its time and the label a chart marks it with.
#include "scenarios/scenario_typing.h"

namespace kns::scenarios {
namespace {

using Action = TypedTimelineEvent::Action;

RuntimeSetting settingOf(const std::string& path) {
  if (path == "spec.cluster.kubeProxy.minSyncPeriod") return RuntimeSetting::MinSyncPeriod;
  if (path == "spec.cluster.network.sameNode") return RuntimeSetting::SameNodeLatency;
  if (path == "spec.cluster.network.sameZone") return RuntimeSetting::SameZoneLatency;
  if (path == "spec.cluster.network.crossZone") return RuntimeSetting::CrossZoneLatency;
  if (path == "spec.cluster.network.internet") return RuntimeSetting::InternetLatency;
  throw std::logic_error("the loader let through a set of '" + path + "'");
}

// "deployment/web" -> "web".
std::string nameAfterKind(const std::string& ref) { return ref.substr(ref.find('/') + 1); }

// The action of one event (the loader checked that it names exactly one) and its label.
void typeAction(const proto::ScenarioSpec& spec, const proto::TimelineEvent& e,
                TypedTimelineEvent& event) {
  auto node = [&](Action action, const std::string& name, const char* verb) {
    event.action = action;
    event.target = name;
    event.label = std::string(verb) + " " + name;
  };
  if (!e.scale().empty()) {
    event.action = Action::Scale;
    event.target = nameAfterKind(e.scale());
    event.replicas = e.replicas();
    event.label = "scale " + e.scale() + " to " + std::to_string(e.replicas());
  } else if (!e.rollout().empty()) {
    event.action = Action::Rollout;
    event.target = nameAfterKind(e.rollout());
    event.label = "rollout " + e.rollout();
  } else if (!e.fail_node().empty()) {
    node(Action::FailNode, e.fail_node(), "failNode");
  } else if (!e.recover_node().empty()) {
    node(Action::RecoverNode, e.recover_node(), "recoverNode");
  } else if (!e.drain_node().empty()) {
    node(Action::DrainNode, e.drain_node(), "drainNode");
  } else if (!e.delete_pod().empty()) {
    node(Action::DeletePod, e.delete_pod(), "deletePod");
  } else if (!e.fail_readiness().empty()) {
    node(Action::FailReadiness, e.fail_readiness(), "failReadiness");
  } else if (!e.pass_readiness().empty()) {
    node(Action::PassReadiness, e.pass_readiness(), "passReadiness");
  } else if (!e.traffic().empty()) {
    event.action = Action::SetRate;
    for (int k = 0; k < spec.traffic_size(); ++k) {
      if (spec.traffic(k).name() == e.traffic()) event.source = static_cast<std::uint32_t>(k);
    }
    event.rate = *parseRatePerSecond(e.rate(), nullptr);
    event.label = "traffic " + e.traffic() + " at " + e.rate();
  } else if (!e.slow_node().empty()) {
    node(Action::SlowNode, e.slow_node(), "slowNode");
    event.value = sim::parseDuration(e.latency());
    event.label += " to " + e.latency();
  } else if (e.has_apply()) {
    event.action = Action::Apply;
    const std::string& file = e.apply().file();  // or inline manifests
    event.label = "apply " + (file.empty() ? std::string("manifest") : file);
  } else if (!e.set().empty()) {
    event.action = Action::Set;
    std::size_t equals = e.set().find('=');
    event.setting = settingOf(e.set().substr(0, equals));
    event.value = sim::parseDuration(e.set().substr(equals + 1));
    event.label = "set " + e.set();
  } else {
    throw std::logic_error("the loader let through a timeline event without an action");
  }
}

}  // namespace

void typeTimeline(const LoadedScenario& scenario, TypedScenario& typed) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  for (int i = 0; i < spec.timeline_size(); ++i) {
    TypedTimelineEvent event;
    event.path = "spec.timeline[" + std::to_string(i) + "]";
    event.where = placeOf(scenario, event.path);
    event.at = sim::Time{sim::parseDuration(spec.timeline(i).at())};
    event.apply = i;
    typeAction(spec, spec.timeline(i), event);
    typed.timeline.push_back(std::move(event));
  }
}

}  // namespace kns::scenarios
