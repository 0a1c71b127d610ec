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

void normalizeHostInto(std::string_view host_header, std::string& out) {
  out.assign(host_header.substr(0, host_header.find(':')));
  for (char& c : out) {  // ASCII only, as DNS names are: no locale
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Whether a normalized wildcard host ("*.foo.com") covers a normalized host: one label.
bool wildcardCovers(std::string_view rule, std::string_view host) {
  std::string_view suffix = rule.substr(1);  // ".foo.com"
  if (host.size() <= suffix.size() || !host.ends_with(suffix)) return false;
  return host.substr(0, host.size() - suffix.size()).find('.') == std::string_view::npos;
}

// Whether `a` takes precedence over `b` where both match (the Ingress spec: the longest
// matching path first, then Exact over Prefix); equal ones leave it to the order of Ingresses.
bool outranks(const IngressPath& a, const IngressPath& b) {
  if (a.path.size() != b.path.size()) return a.path.size() > b.path.size();
  return a.type == PathType::Exact && b.type != PathType::Exact;
}

}  // namespace

std::string IngressRouter::normalizeHost(const std::string& host_header) {
  std::string host;
  normalizeHostInto(host_header, host);
  return host;
}

bool IngressRouter::hostMatches(const std::string& rule_host, const std::string& host) {
  std::string rule = normalizeHost(rule_host);
  if (!rule.starts_with("*.")) return rule == host;
  return wildcardCovers(rule, host);
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
          for (Location& l : server.locations) {
            if (l.match != match || l.exact != exact) continue;
            // Two paths at one location: the one the Ingress spec ranks first keeps it, else the
            // first Ingress (ingress-nginx lists them oldest first).
            if (outranks(path, *l.path)) l = Location{std::move(match), exact, &path, ingress};
            return;
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

const IngressRouter::Server* IngressRouter::serverFor(std::string_view host) const {
  for (const Server& s : servers_) {
    if (!s.host.empty() && !s.host.starts_with("*.") && s.host == host) return &s;
  }
  for (const Server& s : servers_) {
    if (s.host.starts_with("*.") && wildcardCovers(s.host, host)) return &s;
  }
  return &servers_.front();  // "_"
}

Route IngressRouter::route(std::string_view host_header, std::string_view request_path,
                           bool https) const {
  const Server* server = nullptr;
  return routeOn(host_header, request_path, https, server);
}

Route IngressRouter::routeOn(std::string_view host_header, std::string_view request_path,
                             bool https, const Server*& server_out) const {
  normalizeHostInto(host_header, host_scratch_);
  std::string_view path = request_path.substr(0, request_path.find_first_of("?#"));
  if (path.empty()) path = "/";
  const Server& server = *serverFor(host_scratch_);
  server_out = &server;
  Route route;
  route.tls_host = server.tls;
  if (!https && ((server.tls && server.ssl_redirect) || server.force_ssl_redirect)) {
    route.kind = Route::Kind::Redirect;
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
      if (!l.exact && path.starts_with(l.match) &&
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
    return route;
  }
  // A host's server falls back to the defaultBackend of its own Ingresses only (ingress-nginx
  // gives each server a root location to that, else to the controller's default backend).
  const IngressSpec* fallback = server.default_ingress;
  if (fallback != nullptr) {
    route.kind = Route::Kind::Backend;
    route.backend = &*fallback->default_backend;
    route.ingress = fallback;
    return route;
  }
  route.kind = Route::Kind::NotFound;
  return route;
}

std::string IngressRouter::explain(std::string_view host_header, std::string_view request_path,
                                   bool https) const {
  const Server* server = nullptr;
  Route route = routeOn(host_header, request_path, https, server);
  std::string where = server->host.empty() ? "no host rule matched" : "host " + server->host;
  switch (route.kind) {
    case Route::Kind::Redirect: {
      std::string_view path = request_path.substr(0, request_path.find_first_of("?#"));
      return where + ": TLS host, ssl-redirect: 308 to https://" + host_scratch_ +
             std::string(path.empty() ? "/" : path);
    }
    case Route::Kind::NotFound:
      return where + ", no path matched and no defaultBackend: 404 from the default backend";
    case Route::Kind::Backend:
      break;
  }
  if (route.path == nullptr) {
    return where + ", no path matched: defaultBackend of Ingress " + route.ingress->ns + "/" +
           route.ingress->name;
  }
  return where + ", " + pathTypeName(route.path->type) + " " + route.path->path +
         " matched (Ingress " + route.ingress->ns + "/" + route.ingress->name + ")";
}

}  // namespace kns::models
