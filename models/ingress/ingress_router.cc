#include "models/ingress/ingress_router.h"

#include <algorithm>
#include <cctype>

namespace kns::models {
namespace {

bool annotationTrue(const IngressSpec& ingress, const std::string& key) {
  return ingress.annotation(std::string(kNginxAnnotation) + key) == "true";
}

bool annotationFalse(const IngressSpec& ingress, const std::string& key) {
  return ingress.annotation(std::string(kNginxAnnotation) + key) == "false";
}

std::string pathTypeName(PathType type) {
  switch (type) {
    case PathType::Exact:
      return "Exact";
    case PathType::Prefix:
      return "Prefix";
    case PathType::ImplementationSpecific:
      return "ImplementationSpecific";
  }
  return "";
}

}  // namespace

std::string IngressRouter::normalizeHost(const std::string& host_header) {
  std::string host = host_header.substr(0, host_header.find(':'));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

bool IngressRouter::hostMatches(const std::string& rule_host, const std::string& host) {
  std::string rule = normalizeHost(rule_host);
  if (rule.rfind("*.", 0) != 0) return rule == host;
  std::string suffix = rule.substr(1);  // ".foo.com"
  if (host.size() <= suffix.size() ||
      host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  std::string label = host.substr(0, host.size() - suffix.size());
  return label.find('.') == std::string::npos;  // exactly one label
}

IngressRouter::Server& IngressRouter::serverNamed(const std::string& host) {
  for (Server& s : servers_) {
    if (s.host == host) return s;
  }
  servers_.push_back(Server{host, {}, nullptr, false, true, false});
  return servers_.back();
}

IngressRouter::IngressRouter(const std::vector<const IngressSpec*>& ingresses) {
  serverNamed("");  // the catch-all server always exists
  for (const IngressSpec* ingress : ingresses) {
    for (const IngressRule& rule : ingress->rules) {
      Server& server = serverNamed(normalizeHost(rule.host));
      if (server.default_ingress == nullptr && ingress->default_backend) {
        server.default_ingress = ingress;
      }
      if (annotationFalse(*ingress, "ssl-redirect")) server.ssl_redirect = false;
      if (annotationTrue(*ingress, "force-ssl-redirect")) server.force_ssl_redirect = true;
      for (const IngressPath& path : rule.paths) {
        auto add = [&](std::string match, bool exact) {
          for (const Location& l : server.locations) {
            if (l.match == match && l.exact == exact) return;  // the first Ingress keeps it
          }
          server.locations.push_back(Location{std::move(match), exact, &path, ingress});
        };
        switch (path.type) {
          case PathType::Exact:
            add(path.path, true);
            break;
          case PathType::Prefix: {
            std::string p = path.path;
            while (p.size() > 1 && p.back() == '/') p.pop_back();  // "/abc/" is "/abc"
            if (p == "/") {
              add("/", false);
            } else {
              add(p + "/", false);
              add(p, true);
            }
            break;
          }
          case PathType::ImplementationSpecific:
            add(path.path, false);
            break;
        }
      }
    }
    // An Ingress's spec.defaultBackend also serves requests no host matches.
    Server& any = serverNamed("");
    if (any.default_ingress == nullptr && ingress->default_backend) any.default_ingress = ingress;
  }
  for (const IngressSpec* ingress : ingresses) {
    for (const IngressTls& tls : ingress->tls) {
      for (const std::string& host : tls.hosts) {
        for (Server& s : servers_) {
          if (!s.host.empty() && s.host == normalizeHost(host)) s.tls = true;
        }
      }
    }
  }
}

const IngressRouter::Server* IngressRouter::serverFor(const std::string& host) const {
  for (const Server& s : servers_) {
    if (!s.host.empty() && s.host.rfind("*.", 0) != 0 && s.host == host) return &s;
  }
  for (const Server& s : servers_) {
    if (s.host.rfind("*.", 0) == 0 && hostMatches(s.host, host)) return &s;
  }
  return &servers_.front();  // "_"
}

Route IngressRouter::route(const std::string& host_header, const std::string& request_path,
                           bool https) const {
  std::string host = normalizeHost(host_header);
  std::string path = request_path.substr(0, request_path.find_first_of("?#"));
  if (path.empty()) path = "/";
  const Server& server = *serverFor(host);
  Route route;
  route.tls_host = server.tls;
  std::string where = server.host.empty() ? "no host rule matched" : "host " + server.host;
  if (!https && ((server.tls && server.ssl_redirect) || server.force_ssl_redirect)) {
    route.kind = Route::Kind::Redirect;
    route.explanation = where + ": TLS host, ssl-redirect: 308 to https://" + host + path;
    return route;
  }
  const Location* best = nullptr;
  for (const Location& l : server.locations) {
    if (l.exact && l.match == path) {
      best = &l;
      break;
    }
  }
  if (best == nullptr) {
    for (const Location& l : server.locations) {
      if (!l.exact && path.compare(0, l.match.size(), l.match) == 0 &&
          (best == nullptr || l.match.size() > best->match.size())) {
        best = &l;
      }
    }
  }
  if (best != nullptr) {
    route.kind = Route::Kind::Backend;
    route.backend = &best->path->backend;
    route.ingress = best->ingress;
    route.path = best->path;
    route.explanation = where + ", " + pathTypeName(best->path->type) + " " + best->path->path +
                        " matched (Ingress " + best->ingress->ns + "/" + best->ingress->name + ")";
    return route;
  }
  // A host's server falls back to the defaultBackend of its own Ingresses only (ingress-nginx
  // gives each server a root location to that, else to the controller's default backend).
  const IngressSpec* fallback = server.default_ingress;
  if (fallback != nullptr) {
    route.kind = Route::Kind::Backend;
    route.backend = &*fallback->default_backend;
    route.ingress = fallback;
    route.explanation = where + ", no path matched: defaultBackend of Ingress " + fallback->ns +
                        "/" + fallback->name;
    return route;
  }
  route.kind = Route::Kind::NotFound;
  route.explanation =
      where + ", no path matched and no defaultBackend: 404 from the default backend";
  return route;
}

}  // namespace kns::models
