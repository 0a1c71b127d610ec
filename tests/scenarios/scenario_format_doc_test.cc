// docs/scenario-format.md must describe scenario.proto exactly: every field, with its default
// and unit, under its message's heading. Fails when either changes without the other.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scenarios/scenario.pb.h"

namespace kns::scenarios {
namespace {

namespace pb = google::protobuf;

std::string readDoc() {
  std::ifstream in(std::string(KNS_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The table of one message: from its "## Name" heading to the next heading.
std::string section(const std::string& doc, const std::string& message) {
  std::size_t start = doc.find("\n## " + message + "\n");
  if (start == std::string::npos) return "";
  std::size_t end = doc.find("\n## ", start + 1);
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(ScenarioFormatDoc, DescribesEveryFieldWithItsDefaultAndUnit) {
  std::string doc = readDoc();
  ASSERT_FALSE(doc.empty());
  const pb::FileDescriptor* file = proto::Scenario::descriptor()->file();
  int fields = 0;
  for (int m = 0; m < file->message_type_count(); ++m) {
    const pb::Descriptor* message = file->message_type(m);
    std::string table = section(doc, message->name());
    ASSERT_FALSE(table.empty()) << "no section for message " << message->name();
    for (int f = 0; f < message->field_count(); ++f) {
      const pb::FieldDescriptor* field = message->field(f);
      ++fields;
      std::size_t row = table.find("| `" + field->json_name() + "` |");
      ASSERT_NE(row, std::string::npos)
          << message->name() << "." << field->json_name() << " is not documented";
      std::string line = table.substr(row, table.find('\n', row) - row);
      const std::string& default_value = field->options().GetExtension(proto::default_value);
      if (!default_value.empty()) {
        EXPECT_NE(line.find("`" + default_value + "`"), std::string::npos)
            << message->name() << "." << field->json_name() << ": default " << default_value;
      }
      const std::string& unit = field->options().GetExtension(proto::unit);
      if (!unit.empty()) {
        EXPECT_NE(line.find("| " + unit + " |"), std::string::npos)
            << message->name() << "." << field->json_name() << ": unit " << unit;
      }
    }
  }
  EXPECT_GT(fields, 50);
}

}  // namespace
}  // namespace kns::scenarios
