// spec.traffic as typed sources: clients, target, arrivals, connections, requests.
#include "scenarios/enum_words.h"
#include "scenarios/scenario_ingress.h"
#include "scenarios/scenario_typing.h"

namespace kns::scenarios {
namespace {

void typeClients(const std::string& from, models::TrafficSpec& traffic) {
  traffic.from_internet = from == "internet";
  if (from.rfind("pods/", 0) == 0) {
    traffic.client_pods = parseLabelSelector(from.substr(5), nullptr);
    if (!traffic.client_pods) throw std::logic_error("the loader let through '" + from + "'");
  } else if (!traffic.from_internet) {
    traffic.from_node = from.substr(std::string("node/").size());
  }
}

// "service/web.shop", "loadbalancer/web", "nodeport/node-1/web", "dns/web", "https://host/path".
TrafficTarget typeTarget(const std::string& to) {
  TrafficTarget target;
  if (std::optional<TargetUrl> url = parseTargetUrl(to)) {
    target.kind = TrafficTarget::Kind::Url;
    target.url = *url;
    return target;
  }
  std::string scheme = to.substr(0, to.find('/'));
  std::string rest = to.substr(to.find('/') + 1);
  if (scheme == "dns") {
    target.kind = TrafficTarget::Kind::Dns;
    target.dns_name = rest;
    return target;
  }
  if (scheme == "nodeport") {
    target.kind = TrafficTarget::Kind::NodePort;
    target.node = rest.substr(0, rest.find('/'));
    rest = rest.substr(rest.find('/') + 1);
  } else {
    target.kind =
        scheme == "loadbalancer" ? TrafficTarget::Kind::LoadBalancer : TrafficTarget::Kind::Service;
  }
  std::size_t dot = rest.find('.');
  target.service = rest.substr(0, dot);
  target.ns = dot == std::string::npos ? "default" : rest.substr(dot + 1);
  return target;
}

void typeArrivalsAndConnections(const proto::Traffic& t, models::TrafficSpec& traffic) {
  traffic.rate_per_second = *parseRatePerSecond(valueOr(t.arrivals(), "rate"), nullptr);
  traffic.arrivals = kArrivalProcesses(valueOr(t.arrivals(), "process"));
  traffic.connection = kConnectionModes(valueOr(t.connections(), "mode"));
  traffic.max_connections = static_cast<int>(intOr(t.connections(), "max"));
  traffic.requests_per_connection =
      static_cast<int>(intOr(t.connections(), "requests_per_connection"));
  traffic.timeout = durationOr(t, "timeout");
  traffic.retries = static_cast<int>(intOr(t, "retries"));
  traffic.start = sim::Time{durationOr(t, "start")};
  traffic.users = static_cast<int>(intOr(t, "users"));
  if (t.has_think_time()) traffic.think_time = distributionOf(t.think_time());
  if (!t.on_period().empty()) traffic.on_period = sim::parseDuration(t.on_period());
  if (!t.off_period().empty()) traffic.off_period = sim::parseDuration(t.off_period());
  traffic.clients = static_cast<int>(intOr(t, "clients"));
  for (const proto::RateStep& step : t.schedule()) {
    traffic.rate_schedule.emplace_back(sim::Time{sim::parseDuration(step.at())},
                                       *parseRatePerSecond(step.rate(), nullptr));
  }
}

// The requests the source sends: its mix, else the URL it calls.
void typeRequests(const proto::Traffic& t, const TrafficTarget& target,
                  models::TrafficSpec& traffic) {
  bool url = target.kind == TrafficTarget::Kind::Url;
  for (const proto::RequestKind& kind : t.mix()) {
    models::RequestTemplate request;
    request.method = valueOr(kind, "method");
    request.host = kind.host().empty() && url ? target.url.host : kind.host();
    request.path = valueOr(kind, "path");
    request.headers.assign(kind.headers().begin(), kind.headers().end());
    request.cookies.assign(kind.cookies().begin(), kind.cookies().end());
    std::sort(request.headers.begin(), request.headers.end());  // map order is unspecified
    std::sort(request.cookies.begin(), request.cookies.end());
    request.weight = doubleOr(kind, "weight");
    traffic.mix.push_back(std::move(request));
  }
  if (url && traffic.mix.empty()) {  // the URL is the request
    models::RequestTemplate request;
    request.host = target.url.host;
    request.path = target.url.path;
    traffic.mix.push_back(request);
  }
}

}  // namespace

void typeTraffic(const LoadedScenario& scenario, TypedScenario& typed) {
  const proto::ScenarioSpec& spec = scenario.scenario.spec();
  for (int i = 0; i < spec.traffic_size(); ++i) {
    const proto::Traffic& t = spec.traffic(i);
    TypedTraffic source;
    source.path = "spec.traffic[" + std::to_string(i) + "]";
    source.where = placeOf(scenario, source.path);
    models::TrafficSpec& traffic = source.spec;
    traffic.name = t.name();
    typeClients(valueOr(t, "from"), traffic);
    source.target = typeTarget(t.to());
    if (source.target.kind == TrafficTarget::Kind::Url) {
      traffic.https = source.target.url.https;
      traffic.port = traffic.https ? 443 : 80;
      traffic.tls_version = kTlsVersions(valueOr(t, "tls"));
    } else if (source.target.kind == TrafficTarget::Kind::Dns) {
      traffic.host = source.target.dns_name;
    } else if (source.target.kind == TrafficTarget::Kind::LoadBalancer) {
      traffic.entry = models::EntryPoint::LoadBalancer;
    } else if (source.target.kind == TrafficTarget::Kind::NodePort) {
      traffic.entry = models::EntryPoint::NodePort;
      traffic.entry_node = source.target.node;
    }
    typeArrivalsAndConnections(t, traffic);
    typeRequests(t, source.target, traffic);
    traffic.stop = sim::Time{typed.duration};
    typed.traffic.push_back(std::move(source));
  }
}

}  // namespace kns::scenarios
