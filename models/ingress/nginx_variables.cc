#include "models/ingress/nginx_variables.h"

#include <cctype>

namespace kns::models {
namespace {

// A header name as nginx's $http_ variables spell it: lower case, dashes as underscores.
bool sameHeaderVariable(std::string_view header, std::string_view variable_name) {
  if (header.size() != variable_name.size()) return false;
  for (std::size_t i = 0; i < header.size(); ++i) {
    char c = header[i] == '-'
                 ? '_'
                 : static_cast<char>(std::tolower(static_cast<unsigned char>(header[i])));
    if (c != variable_name[i]) return false;
  }
  return true;
}

std::string_view variable(std::string_view name, const RequestVariables& r) {
  if (name == "request_uri") return r.request_uri;
  if (name == "uri") return r.request_uri.substr(0, r.request_uri.find('?'));
  if (name == "args") {
    std::size_t q = r.request_uri.find('?');
    return q == std::string_view::npos ? std::string_view() : r.request_uri.substr(q + 1);
  }
  if (name == "host") return r.host.substr(0, r.host.find(':'));
  if (name == "remote_addr") return r.remote_addr;
  if (name.starts_with("http_") && r.headers != nullptr) {
    for (const auto& [key, value] : *r.headers) {
      if (sameHeaderVariable(key, name.substr(5))) return value;
    }
  }
  if (name.starts_with("cookie_") && r.cookies != nullptr) {
    for (const auto& [key, value] : *r.cookies) {
      if (key == name.substr(7)) return value;
    }
  }
  return {};
}

}  // namespace

void expandNginxVariables(std::string_view text, const RequestVariables& request,
                          std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    std::size_t start = i + 1;
    std::string_view name;
    if (start < text.size() && text[start] == '{') {
      std::size_t close = text.find('}', start);
      if (close == std::string_view::npos) {
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
}

std::string expandNginxVariables(std::string_view text, const RequestVariables& request) {
  std::string out;
  expandNginxVariables(text, request, out);
  return out;
}

}  // namespace kns::models
