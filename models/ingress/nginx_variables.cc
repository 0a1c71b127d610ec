#include "models/ingress/nginx_variables.h"

#include <algorithm>
#include <cctype>

namespace kns::models {
namespace {

std::string normalizedHeaderName(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '-' ? '_' : static_cast<char>(std::tolower(c));
  });
  return name;
}

std::string variable(const std::string& name, const RequestVariables& r) {
  if (name == "request_uri") return r.request_uri;
  if (name == "uri") return r.request_uri.substr(0, r.request_uri.find('?'));
  if (name == "args") {
    std::size_t q = r.request_uri.find('?');
    return q == std::string::npos ? "" : r.request_uri.substr(q + 1);
  }
  if (name == "host") return r.host.substr(0, r.host.find(':'));
  if (name == "remote_addr") return r.remote_addr;
  if (name.rfind("http_", 0) == 0 && r.headers != nullptr) {
    for (const auto& [key, value] : *r.headers) {
      if (normalizedHeaderName(key) == name.substr(5)) return value;
    }
  }
  if (name.rfind("cookie_", 0) == 0 && r.cookies != nullptr) {
    for (const auto& [key, value] : *r.cookies) {
      if (key == name.substr(7)) return value;
    }
  }
  return "";
}

}  // namespace

std::string expandNginxVariables(const std::string& text, const RequestVariables& request) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    std::size_t start = i + 1;
    std::string name;
    if (start < text.size() && text[start] == '{') {
      std::size_t close = text.find('}', start);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      name = text.substr(start + 1, close - start - 1);
      i = close + 1;
    } else {
      std::size_t end = start;
      while (end < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
        ++end;
      name = text.substr(start, end - start);
      i = end;
    }
    out += variable(name, request);
  }
  return out;
}

}  // namespace kns::models
