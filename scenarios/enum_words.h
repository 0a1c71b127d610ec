// The scenario's words and the model values they stand for. scenario.proto lists the words a
// field allows (its one_of option, which the loader checks); each table here maps exactly those
// words, and tests/scenarios/enum_words_test.cc holds the two lists equal, so a word added to
// the schema without a meaning fails a test instead of falling back silently.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/cluster/service.h"
#include "models/distribution.h"
#include "models/ingress/ingress_controller.h"
#include "models/proxy/proxy_config.h"
#include "models/traffic/traffic_spec.h"

namespace kns::scenarios {

// A one_of field's words and their values; `field` is the proto field's full name.
template <class Value>
struct WordTable {
  std::string_view field;
  std::vector<std::pair<std::string_view, Value>> words;

  // The value of a word the loader accepted; any other word is a programming error.
  Value operator()(std::string_view word) const {
    for (const auto& [w, value] : words) {
      if (w == word) return value;
    }
    throw std::logic_error("'" + std::string(word) + "' has no meaning for " + std::string(field));
  }
};

enum class DistributionKind { Constant, Exponential, Uniform, Lognormal, Erlang };

inline const WordTable<models::ProxyMode> kProxyModes{"kns.scenarios.proto.KubeProxy.mode",
                                                      {{"iptables", models::ProxyMode::Iptables},
                                                       {"ipvs", models::ProxyMode::Ipvs},
                                                       {"nftables", models::ProxyMode::Nftables}}};

inline const WordTable<models::IpvsScheduler> kIpvsSchedulers{
    "kns.scenarios.proto.KubeProxy.ipvs_scheduler",
    {{"rr", models::IpvsScheduler::RoundRobin},
     {"wrr", models::IpvsScheduler::WeightedRoundRobin},
     {"lc", models::IpvsScheduler::LeastConnection},
     {"wlc", models::IpvsScheduler::WeightedLeastConnection},
     {"sed", models::IpvsScheduler::ShortestExpectedDelay},
     {"nq", models::IpvsScheduler::NeverQueue},
     {"sh", models::IpvsScheduler::SourceHashing},
     {"dh", models::IpvsScheduler::DestinationHashing}}};

inline const WordTable<DistributionKind> kDistributions{
    "kns.scenarios.proto.ServiceTime.distribution",
    {{"constant", DistributionKind::Constant},
     {"exponential", DistributionKind::Exponential},
     {"uniform", DistributionKind::Uniform},
     {"lognormal", DistributionKind::Lognormal},
     {"erlang", DistributionKind::Erlang}}};

inline const WordTable<models::ArrivalProcess> kArrivalProcesses{
    "kns.scenarios.proto.Arrivals.process",
    {{"poisson", models::ArrivalProcess::Poisson}, {"constant", models::ArrivalProcess::Constant}}};

inline const WordTable<models::ConnectionMode> kConnectionModes{
    "kns.scenarios.proto.Connections.mode",
    {{"per-request", models::ConnectionMode::PerRequest},
     {"keep-alive", models::ConnectionMode::KeepAlive},
     {"multiplexed", models::ConnectionMode::Multiplexed}}};

inline const WordTable<int> kTlsVersions{"kns.scenarios.proto.Traffic.tls",
                                         {{"1.2", 12}, {"1.3", 13}}};

inline const WordTable<models::IngressControllerKind> kIngressControllerKinds{
    "kns.scenarios.proto.IngressController.kind",
    {{"ingress-nginx", models::IngressControllerKind::Nginx},
     {"cloud-l7", models::IngressControllerKind::CloudL7}}};

inline const WordTable<models::ServiceType> kIngressServiceTypes{
    "kns.scenarios.proto.IngressController.service",
    {{"LoadBalancer", models::ServiceType::LoadBalancer},
     {"NodePort", models::ServiceType::NodePort}}};

inline const WordTable<models::TrafficPolicy> kTrafficPolicies{
    "kns.scenarios.proto.IngressController.external_traffic_policy",
    {{"Local", models::TrafficPolicy::Local}, {"Cluster", models::TrafficPolicy::Cluster}}};

// Every table's field and words, for the test that holds them equal to the schema's lists.
std::vector<std::pair<std::string, std::vector<std::string>>> enumWordTables();

}  // namespace kns::scenarios
