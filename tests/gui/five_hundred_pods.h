// The 500-pod scenario of the GUI's frame-time test and benchmark: 25 nodes in 3 zones, a
// 500-replica Deployment behind a ClusterIP Service, 2,000 requests/s from node-0 from 5 s on.
#pragma once

#include <fstream>
#include <string>

namespace kns::gui::testing {

// Writes big.yaml and scenario.yaml into `dir`; returns the scenario's path. A rollout of the
// Deployment at `rollout_at` (e.g. "30s") unless empty.
inline std::string writeFiveHundredPods(const std::string& dir, const std::string& duration,
                                        const std::string& rollout_at) {
  std::ofstream(dir + "/big.yaml")
      << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
         "  replicas: 500\n  selector: {matchLabels: {app: web}}\n  template:\n"
         "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
         "      - name: web\n        image: nginx\n        resources: {requests: {cpu: 50m}}\n"
         "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
         "  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
  std::ofstream scenario(dir + "/scenario.yaml");
  scenario << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: five-hundred-pods}\n"
              "spec:\n  duration: "
           << duration
           << "\n  cluster:\n    nodes: {count: 25, zones: [a, b, c]}\n"
              "  manifests: [{file: big.yaml}]\n  workloads:\n"
              "  - {selector: {app: web}, serviceTime: {mean: 20ms}, concurrency: 4}\n"
              "  traffic:\n  - {name: clients, from: node/node-0, to: service/web, start: 5s,"
              " arrivals: {rate: 2000/s}}\n";
  if (!rollout_at.empty())
    scenario << "  timeline:\n  - {at: " << rollout_at << ", rollout: deployment/web}\n";
  return dir + "/scenario.yaml";
}

}  // namespace kns::gui::testing
