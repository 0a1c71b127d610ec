// Connections and conntrack: choosing or opening one (per request, keep-alive, multiplexed), the
// client's DNS lookup, the TCP handshake (SYN, SYN-ACK or RST or silence), requests waiting for
// it, and closing.
#pragma once

#include <cstdint>
#include <vector>

#include "models/traffic/dns.h"
#include "models/traffic/stage.h"

namespace kns::models {

class ConnectionStage : private Stage {
 public:
  explicit ConnectionStage(RequestTable& table) : Stage(table), dns_(world_, table.config.dns) {}

  // The connection a new request uses (counted in flight on it), or nullptr when the request
  // waits for one (keep-alive) or opens one.
  Connection* takeConnection(TrafficSource& source, std::uint64_t handle);
  // The SYN reaches the endpoint's address (scheduled by the Service path).
  void synArrives(std::uint64_t connection);
  // A request on the connection ended; `broken` ones close it.
  void requestFinishedOnConnection(std::uint64_t connection, bool broken);
  // CoreDNS watches EndpointSlices as kube-proxy does.
  void onEndpoints(const EndpointsSnapshot& snapshot) { dns_.onEndpoints(snapshot); }

 private:
  void openConnection(std::uint64_t handle);
  void lookup(std::uint64_t handle);
  void connectWithAnswer(std::uint64_t handle, const DnsAnswer& answer);
  void establish(std::uint64_t connection);  // the handshake is done: send what waited
  void closeConnection(std::uint64_t connection);

  DnsView dns_;
  std::vector<std::uint64_t> ready_scratch_;  // a connection's pending requests, being sent
};

}  // namespace kns::models
