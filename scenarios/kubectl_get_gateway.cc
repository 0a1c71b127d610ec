// The Gateway API's kubectl tables (the CRDs' additionalPrinterColumns) and YAML with status.
#include "scenarios/kubectl_get_gateway.h"

#include <fmt/format.h>

#include <algorithm>

#include "scenarios/gateway_api_view.h"

namespace kns::scenarios {
namespace {

namespace gw = models::gateway;

std::string conditionStatus(const std::vector<gw::Condition>& conditions, const char* type) {
  const gw::Condition* c = gw::findCondition(conditions, type);
  return c == nullptr ? "Unknown" : c->status;
}

// The CRD columns print arrays as JSON: ["a.example.com","b.example.com"].
std::string jsonList(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? ",\"" : "\"") + item + "\"";
  return out + "]";
}

// Every object has existed since the run began: AGE is the simulated time (as for Ingresses).
std::string ageNow(const models::World& world) {
  return kubectlAge(world.now().time_since_epoch());
}

// A YAML double-quoted scalar: backslashes and quotes escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void conditionsYaml(std::string& out, const std::vector<gw::Condition>& conditions,
                    const std::string& indent) {
  out += indent + "conditions:\n";
  for (const gw::Condition& c : conditions) {
    out += indent + "- type: " + c.type + "\n";
    out += indent + "  status: \"" + c.status + "\"\n";
    out += indent + "  reason: " + c.reason + "\n";
    if (!c.message.empty()) out += indent + "  message: " + quoted(c.message) + "\n";
  }
}

}  // namespace

bool isGatewayApiResource(const std::string& resource) {
  return resource == "gatewayclasses" || resource == "gateways" || resource == "httproutes";
}

ResourceTable gatewayApiTable(const std::string& resource, const LoadedScenario& loaded,
                              Simulation& simulation, const GetOptions& o) {
  const models::World& world = simulation.world();
  const models::GatewayApiObjects& objects = loaded.manifests.gateway_api;
  gw::GatewayApiState state = resolveGatewayApi(loaded.manifests, world);
  ResourceTable table;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  if (resource == "gatewayclasses") {  // cluster-scoped
    table.header = {"NAME", "CONTROLLER", "ACCEPTED", "AGE"};
    for (const models::GatewayClassSpec& c : objects.classes) {
      bool ours = c.controller_name == models::kEnvoyGatewayController;
      rows.push_back(
          {c.name, {c.name, c.controller_name, ours ? "True" : "Unknown", ageNow(world)}});
    }
  } else if (resource == "gateways") {
    table.header = {"NAME", "CLASS", "ADDRESS", "PROGRAMMED", "AGE"};
    for (std::size_t g = 0; g < objects.gateways.size(); ++g) {
      const models::GatewaySpec& gwy = objects.gateways[g];
      if (!inNamespace(o, gwy.ns)) continue;
      // ADDRESS: the Envoy Service's, once the gateway's data plane runs (not simulated yet).
      rows.push_back(
          {gwy.ns + "/" + gwy.name,
           {gwy.name, gwy.class_name, "",
            conditionStatus(state.gateways[g].conditions, "Programmed"), ageNow(world)}});
    }
  } else {
    table.header = {"NAME", "HOSTNAMES", "AGE"};
    for (const models::HttpRouteSpec& r : objects.routes) {
      if (!inNamespace(o, r.ns)) continue;
      rows.push_back({r.ns + "/" + r.name, {r.name, jsonList(r.hostnames), ageNow(world)}});
    }
  }
  if (o.all_namespaces && resource != "gatewayclasses") {
    table.header.insert(table.header.begin(), "NAMESPACE");
    for (auto& [key, row] : rows) row.insert(row.begin(), key.substr(0, key.find('/')));
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, row] : rows) table.rows.push_back(std::move(row));
  return table;
}

std::string gatewayApiYaml(const std::string& resource, const LoadedScenario& loaded,
                           Simulation& simulation, const GetOptions& o) {
  const models::GatewayApiObjects& objects = loaded.manifests.gateway_api;
  gw::GatewayApiState state = resolveGatewayApi(loaded.manifests, simulation.world());
  std::string out;
  auto header = [&](const char* kind, const std::string& name, const std::string* ns) {
    if (!out.empty()) out += "---\n";
    out += std::string("apiVersion: gateway.networking.k8s.io/v1\nkind: ") + kind + "\n";
    out += "metadata:\n  name: " + name + "\n";
    if (ns != nullptr) out += "  namespace: " + *ns + "\n";
  };
  if (resource == "gatewayclasses") {
    for (const models::GatewayClassSpec& c : objects.classes) {
      header("GatewayClass", c.name, nullptr);
      out += "spec:\n  controllerName: " + c.controller_name + "\nstatus:\n";
      bool ours = c.controller_name == models::kEnvoyGatewayController;
      conditionsYaml(
          out,
          {ours ? gw::Condition{"Accepted", "True", "Accepted", ""}
                : gw::Condition{"Accepted", "Unknown", "Pending", "Waiting for controller"}},
          "  ");
    }
  } else if (resource == "gateways") {
    for (std::size_t g = 0; g < objects.gateways.size(); ++g) {
      const models::GatewaySpec& gwy = objects.gateways[g];
      if (!inNamespace(o, gwy.ns)) continue;
      header("Gateway", gwy.name, &gwy.ns);
      out += "spec:\n  gatewayClassName: " + gwy.class_name + "\nstatus:\n";
      conditionsYaml(out, state.gateways[g].conditions, "  ");
      if (!state.gateways[g].ours) continue;
      out += "  listeners:\n";
      for (std::size_t l = 0; l < gwy.listeners.size(); ++l) {
        const gw::ListenerState& ls = state.gateways[g].listeners[l];
        out += "  - name: " + gwy.listeners[l].name + "\n";
        out += "    attachedRoutes: " + std::to_string(ls.attached.size()) + "\n";
        conditionsYaml(out, ls.conditions, "    ");
      }
    }
  } else {
    for (std::size_t r = 0; r < objects.routes.size(); ++r) {
      const models::HttpRouteSpec& route = objects.routes[r];
      if (!inNamespace(o, route.ns)) continue;
      header("HTTPRoute", route.name, &route.ns);
      out += "spec:\n  hostnames: " + (route.hostnames.empty() ? "[]" : jsonList(route.hostnames)) +
             "\nstatus:\n  parents:";
      if (state.routes[r].parents.empty()) out += " []";
      out += "\n";
      for (const gw::RouteParentState& p : state.routes[r].parents) {
        const models::GatewaySpec& parent = objects.gateways[p.gateway];
        out += "  - controllerName: " + std::string(models::kEnvoyGatewayController) + "\n";
        out +=
            "    parentRef:\n      name: " + parent.name + "\n      namespace: " + parent.ns + "\n";
        if (!p.ref.section_name.empty()) out += "      sectionName: " + p.ref.section_name + "\n";
        if (p.ref.port != 0) out += "      port: " + std::to_string(p.ref.port) + "\n";
        conditionsYaml(out, p.conditions, "    ");
      }
    }
  }
  return out;
}

}  // namespace kns::scenarios
