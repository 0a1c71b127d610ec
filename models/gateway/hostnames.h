// Hostnames as the Gateway API matches them (SEMANTICS-GATEWAY §1.4, §2.1): a wildcard
// "*.example.com" matches one or more labels before the suffix, never the bare suffix; the port
// of a Host header is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kns::models::gateway {

// "Shop.Example.com:8443" -> "shop.example.com".
std::string normalizeHost(std::string_view host_header);

bool isWildcard(std::string_view hostname);

// Whether a listener's or route's hostname ("" = any) matches a request's normalized host.
bool hostnameMatches(std::string_view pattern, std::string_view host);

// The hostnames a route takes on a listener: the intersection of the two (§1.4 table), or
// nullopt when they do not intersect. "" stands for "any host" on either side.
std::optional<std::string> intersectHostnames(std::string_view listener, std::string_view route);

// How specific a listener's hostname is, for choosing among listeners that match a host:
// exact beats wildcard, a wildcard with more labels after "*" beats one with fewer, and any
// hostname beats none. Higher is more specific.
int listenerHostnameRank(std::string_view hostname);

}  // namespace kns::models::gateway
