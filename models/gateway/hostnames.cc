#include "models/gateway/hostnames.h"

#include <algorithm>
#include <cctype>

namespace kns::models::gateway {

std::string normalizeHost(std::string_view host_header) {
  std::string host(host_header.substr(0, host_header.find(':')));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

bool isWildcard(std::string_view hostname) { return hostname.rfind("*.", 0) == 0; }

namespace {

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "*.example.com" matches "a.example.com" and "a.b.example.com", not "example.com".
bool wildcardCovers(std::string_view wildcard, std::string_view host) {
  std::string_view suffix = wildcard.substr(1);  // ".example.com"
  return host.size() > suffix.size() && endsWith(host, suffix);
}

}  // namespace

bool hostnameMatches(std::string_view pattern, std::string_view host) {
  if (pattern.empty()) return true;
  if (isWildcard(pattern)) return wildcardCovers(pattern, host);
  return pattern == host;
}

std::optional<std::string> intersectHostnames(std::string_view listener, std::string_view route) {
  if (listener.empty()) return std::string(route);
  if (route.empty()) return std::string(listener);
  if (listener == route) return std::string(route);
  bool lw = isWildcard(listener), rw = isWildcard(route);
  if (lw && !rw) {
    if (wildcardCovers(listener, route)) return std::string(route);
    return std::nullopt;
  }
  if (rw && !lw) {
    if (wildcardCovers(route, listener)) return std::string(listener);
    return std::nullopt;
  }
  if (lw && rw) {  // the narrower wildcard, if one contains the other
    if (endsWith(route.substr(1), listener.substr(1))) return std::string(route);
    if (endsWith(listener.substr(1), route.substr(1))) return std::string(listener);
  }
  return std::nullopt;
}

int listenerHostnameRank(std::string_view hostname) {
  if (hostname.empty()) return 0;
  if (!isWildcard(hostname)) return 1 << 20;
  return 1 + static_cast<int>(std::count(hostname.begin(), hostname.end(), '.'));
}

}  // namespace kns::models::gateway
