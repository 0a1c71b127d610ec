// What a node's kube-proxy has programmed, written the way its tools print it: iptables-save
// lines, `nft list` vmaps or `ipvsadm -Ln`. For the GUI's inspector and for teaching; the chain
// names use the Service's name where real kube-proxy uses a hash of it (KUBE-SVC-<hash>).
#pragma once

#include <string>
#include <vector>

#include "models/proxy/kube_proxy.h"
#include "models/world.h"

namespace kns::models {

// The rules of one Service on `proxy`'s node, one line each; a note when nothing is programmed
// yet or a newer version waits for the next sync.
std::vector<std::string> describeProxyRules(const World& world, const KubeProxy& proxy,
                                            const Service& service);

}  // namespace kns::models
