#include "models/ingress/balancers/balancer.h"

#include <array>

#include "models/ingress/balancers/consistent_hash.h"
#include "models/ingress/balancers/ewma.h"
#include "models/ingress/balancers/least_request.h"
#include "models/ingress/balancers/round_robin.h"
#include "models/ingress/balancers/sticky.h"

namespace kns::models {
namespace {

std::array<std::uint32_t, 256> crcTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) {
  static const std::array<std::uint32_t, 256> table = crcTable();
  crc = ~crc;
  for (unsigned char byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

Balancer::Candidates Balancer::untried(const std::vector<Peer>& peers,
                                       const BalanceContext& context) {
  Candidates candidates;
  candidates.all_ = &peers;
  if (context.tried == nullptr || context.tried->empty()) return candidates;
  untried_.clear();
  for (const Peer& p : peers) {
    if (!context.wasTried(p)) untried_.push_back(&p);
  }
  if (!untried_.empty()) candidates.some_ = &untried_;
  return candidates;
}

const char* balancerName(BalancerKind kind) {
  switch (kind) {
    case BalancerKind::RoundRobin:
      return "round_robin";
    case BalancerKind::Ewma:
      return "ewma";
    case BalancerKind::ConsistentHash:
      return "chash";
    case BalancerKind::ConsistentSubset:
      return "chashsubset";
    case BalancerKind::StickyBalanced:
      return "sticky_balanced";
    case BalancerKind::StickyPersistent:
      return "sticky_persistent";
    case BalancerKind::LeastRequest:
      return "least_request";
  }
  return "";
}

std::unique_ptr<Balancer> makeBalancer(BalancerKind kind, sim::RandomStream& rng,
                                       const BalancerOptions& options) {
  switch (kind) {
    case BalancerKind::RoundRobin:
      return std::make_unique<RoundRobinBalancer>(rng);
    case BalancerKind::Ewma:
      return std::make_unique<EwmaBalancer>(rng);
    case BalancerKind::ConsistentHash:
      return std::make_unique<ConsistentHashBalancer>(rng, 0);
    case BalancerKind::ConsistentSubset:
      return std::make_unique<ConsistentHashBalancer>(rng, std::max(options.subset_size, 1));
    case BalancerKind::StickyBalanced:
      return std::make_unique<StickyBalancer>(rng, false);
    case BalancerKind::StickyPersistent:
      return std::make_unique<StickyBalancer>(rng, true);
    case BalancerKind::LeastRequest:
      return std::make_unique<LeastRequestBalancer>(rng);
  }
  return nullptr;
}

}  // namespace kns::models
