// Host and path routing of the Ingresses one controller serves, as ingress-nginx realises the
// Ingress spec (SEMANTICS §4, §5.9, §5.10): every Ingress of a host merged into one server;
// Exact paths as exact locations, Prefix /p as the prefix location "/p/" plus the exact "/p"
// (element-wise matching), ImplementationSpecific as a plain string-prefix location; an exact
// location wins, else the longest matching prefix. Host headers are compared without their port
// and case-insensitively; a wildcard host covers exactly one label; exact hosts beat wildcards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/ingress/ingress.h"

namespace kns::models {

struct Route {
  enum class Kind {
    Backend,   // proxy to `backend`
    NotFound,  // no rule and no default backend: the controller's default backend, 404
    Redirect,  // HTTP to a TLS host (ssl-redirect): 308 to https://
  };
  Kind kind = Kind::NotFound;
  const IngressBackend* backend = nullptr;
  const IngressSpec* ingress = nullptr;  // the Ingress the rule came from
  const IngressPath* path = nullptr;     // null for a default backend
  bool tls_host = false;                 // the host has a certificate
};

class IngressRouter {
 public:
  // `ingresses` must outlive the router (routes point into them). Order matters as creation
  // order does in ingress-nginx: for the same host and path, the first Ingress wins.
  explicit IngressRouter(const std::vector<const IngressSpec*>& ingresses);

  // `https`: the request arrived on 443 (TLS terminated by the controller). Allocates nothing
  // once its scratch buffer has grown to the longest host.
  Route route(std::string_view host_header, std::string_view path, bool https) const;
  // The same decision in words, for the inspector: "host shop.example.com, Prefix /api matched
  // (Ingress default/shop)", "no host rule matched, ..., 404 from the default backend".
  std::string explain(std::string_view host_header, std::string_view path, bool https) const;

  // "SHOP.example.com:8080" -> "shop.example.com".
  static std::string normalizeHost(const std::string& host_header);
  // Whether an Ingress rule's host covers a (normalized) request host.
  static bool hostMatches(const std::string& rule_host, const std::string& host);

 private:
  struct Location {
    std::string match;  // the nginx location string
    bool exact = false;
    const IngressPath* path = nullptr;
    const IngressSpec* ingress = nullptr;
  };
  struct Server {
    std::string host;  // "" for the catch-all server "_"
    std::vector<Location> locations;
    const IngressSpec* default_ingress = nullptr;  // its spec.defaultBackend serves misses
    bool tls = false;
    bool ssl_redirect = true;
    bool force_ssl_redirect = false;
  };
  const Server* serverFor(std::string_view host) const;
  Route routeOn(std::string_view host_header, std::string_view path, bool https,
                const Server*& server) const;
  Server& serverNamed(const std::string& host);

  std::vector<Server> servers_;
  // The normalized Host header of the request being routed. A router belongs to one
  // simulation, which runs on one thread.
  mutable std::string host_scratch_;
};

}  // namespace kns::models
