// Every example's Ingresses route the same whatever order their paths and the Ingresses are
// listed in, wherever the Ingress spec defines precedence (issue 16, item 1): requests for each
// path as written, with a trailing slash and below it, on each host.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "models/ingress/ingress_router.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/simulation.h"

namespace kns::scenarios {
namespace {

namespace fs = std::filesystem;

// The winner of a request, named by what does not change under permutation.
std::string winner(const models::Route& r) {
  switch (r.kind) {
    case models::Route::Kind::Redirect:
      return "308";
    case models::Route::Kind::NotFound:
      return "404";
    case models::Route::Kind::Backend:
      break;
  }
  std::string path = r.path == nullptr
                         ? "(defaultBackend)"
                         : std::to_string(static_cast<int>(r.path->type)) + " " + r.path->path;
  return r.ingress->ns + "/" + r.ingress->name + " " + path + " -> " + r.backend->service_name;
}

// Hosts whose rules list the same path and type twice: which one wins is the Ingresses' order
// (ingress-nginx: oldest first), which the spec leaves open.
std::set<std::string> hostsWithTrueTies(const std::vector<models::IngressSpec>& specs) {
  std::set<std::tuple<std::string, int, std::string>> seen;
  std::set<std::string> tied;
  for (const auto& spec : specs) {
    for (const auto& rule : spec.rules) {
      for (const auto& p : rule.paths) {
        if (!seen.insert({rule.host, static_cast<int>(p.type), p.path}).second) {
          tied.insert(rule.host);
        }
      }
    }
  }
  return tied;
}

TEST(IngressPrecedence, EveryExamplesIngressesRouteTheSameInAnyOrder) {
  int examples = 0, requests = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(KNS_SOURCE_DIR) / "scenarios/examples")) {
    if (entry.path().extension() != ".yaml") continue;
    Diagnostics d;
    LoadedScenario loaded;
    ASSERT_TRUE(loadScenarioFile(entry.path().string(), loaded, d)) << d.str();
    Simulation simulation(loaded, nullptr, d);
    for (const auto& controller : simulation.dataPlane().ingressControllers()) {
      std::vector<models::IngressSpec> specs;
      for (const models::IngressSpec* spec : controller->ingresses()) specs.push_back(*spec);
      if (specs.empty()) continue;
      ++examples;
      std::set<std::string> tied = hostsWithTrueTies(specs);
      std::vector<std::pair<std::string, std::string>> asks;  // host, path
      for (const auto& spec : specs) {
        for (const auto& rule : spec.rules) {
          if (tied.count(rule.host)) continue;
          std::string host = rule.host.empty() ? "any.test" : rule.host;
          if (host.starts_with("*.")) host = "x" + host.substr(1);
          asks.push_back({host, "/"});
          for (const auto& p : rule.paths) {
            for (const char* suffix : {"", "/", "/x"}) asks.push_back({host, p.path + suffix});
          }
        }
      }
      auto route = [&](const std::vector<models::IngressSpec>& order, bool https,
                       const std::pair<std::string, std::string>& ask) {
        std::vector<const models::IngressSpec*> pointers;
        for (const auto& s : order) pointers.push_back(&s);
        return winner(models::IngressRouter(pointers).route(ask.first, ask.second, https));
      };
      for (std::size_t rotation = 0; rotation < specs.size(); ++rotation) {
        for (bool reverse : {false, true}) {
          std::vector<models::IngressSpec> order = specs;
          for (auto& s : order) {
            for (auto& rule : s.rules) std::reverse(rule.paths.begin(), rule.paths.end());
          }
          std::rotate(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(rotation),
                      order.end());
          if (reverse) std::reverse(order.begin(), order.end());
          for (const auto& ask : asks) {
            for (bool https : {false, true}) {
              EXPECT_EQ(route(specs, https, ask), route(order, https, ask))
                  << entry.path().filename() << ": " << ask.first << ask.second;
              ++requests;
            }
          }
        }
      }
    }
  }
  EXPECT_GE(examples, 5) << "the examples with Ingresses were found";
  EXPECT_GT(requests, 100);
}

}  // namespace
}  // namespace kns::scenarios
