// A scenario of M/M/1 pods: a Deployment of one-worker pods with exponential 10 ms service
// (mu = 100/s) behind a ClusterIP Service, and Poisson clients, for tests against queueing
// theory.
#pragma once

#include <string>

namespace kns::scenarios {

// `spec_head`: spec fields before the manifests (seed, duration, cluster); `traffic_and_more`:
// the traffic list and anything after it (timeline, slos), as YAML under spec.
inline std::string mm1Scenario(const std::string& name, const std::string& spec_head,
                               const std::string& traffic_and_more) {
  return "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: " + name + "}\nspec:\n" +
         spec_head + R"(  manifests:
  - inline: |
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {selector: {app: web}, ports: [{port: 80}]}
  workloads:
  - {selector: {app: web}, serviceTime: {distribution: exponential, mean: 10ms}, concurrency: 1}
)" + traffic_and_more;
}

}  // namespace kns::scenarios
