// Output files: atomic writes, the HTML page's self-containment, the trace's structure.
#include "reports/report_files.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reports/atomic_file.h"
#include "reports/chrome_trace.h"
#include "reports/html_report.h"
#include "reports/svg_chart.h"

namespace kns::reports {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(AtomicFile, ReplacesWholeFilesAndLeavesNoTemporaries) {
  fs::path dir = fs::temp_directory_path() / "kns-atomic-test";
  fs::remove_all(dir);
  std::string error;
  ASSERT_TRUE(writeFileAtomically((dir / "sub" / "a.json").string(), "first", &error)) << error;
  ASSERT_TRUE(writeFileAtomically((dir / "sub" / "a.json").string(), "second", &error)) << error;
  EXPECT_EQ(slurp(dir / "sub" / "a.json"), "second");
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir / "sub")) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);
  fs::remove_all(dir);
}

TEST(AtomicFile, AFailureLeavesThePreviousFileAndSaysWhy) {
  fs::path dir = fs::temp_directory_path() / "kns-atomic-fail";
  fs::remove_all(dir);
  fs::create_directories(dir / "report.json");  // a folder where the file should go
  std::string error;
  EXPECT_FALSE(writeFileAtomically((dir / "report.json").string(), "x", &error));
  EXPECT_NE(error.find("report.json"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_directory(dir / "report.json"));
  fs::remove_all(dir);
}

TEST(HtmlReport, IsSelfContainedAndEscapesNames) {
  proto::Report report;
  report.mutable_run()->set_scenario("a<b>&\"c\"");
  report.mutable_run()->set_duration_s(10);
  proto::Scope* run = report.add_scopes();
  run->set_kind("run");
  run->set_name("run");
  run->set_requests(10);
  for (int i = 0; i < 10; ++i) {
    proto::Window* w = run->add_windows();
    w->set_start_s(i);
    w->set_requests(1);
    w->set_p50_ms(1 + i);
    w->set_p99_ms(10 + i);
  }
  proto::Scope* service = report.add_scopes();
  service->set_kind("service");
  service->set_name("web.default");
  service->set_requests(10);
  service->mutable_fairness()->set_endpoints(2);
  service->mutable_fairness()->set_jain(0.9);
  proto::TimelineMark* mark = report.add_timeline();
  mark->set_at_s(5);
  mark->set_event("rollout deployment/web");
  std::string html = htmlReport(report);
  EXPECT_EQ(html.find("a<b>"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b&gt;&amp;&quot;c&quot;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);  // nothing fetched
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("rollout deployment/web"), std::string::npos);  // the mark is drawn
  EXPECT_NE(html.find("Jain's index 0.900 over 2 endpoints"), std::string::npos);
}

TEST(SvgChart, TicksAreRoundNumbersCoveringTheRange) {
  std::vector<double> t = niceTicks(0, 97, 5);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front(), 0);
  EXPECT_EQ(t[1], 20);
  EXPECT_GE(t.back(), 80);
  EXPECT_LE(t.back(), 97);
}

TEST(ChromeTrace, OneSlicePerHopOnItsComponentsTrack) {
  models::RequestRecord r;
  r.id = 7;
  r.start = sim::Time{std::chrono::milliseconds(1)};
  r.end = sim::Time{std::chrono::milliseconds(3)};
  r.addHop(models::Hop(models::HopKind::KubeProxy, models::NodeId{0}, r.start));
  models::Hop serve(models::HopKind::PodService, models::NodeId{1}, r.start);
  serve.pod = models::PodId{4};
  serve.spent = std::chrono::milliseconds(1);
  r.addHop(serve);
  std::string json = chromeTraceJson({r}, nullptr, {"clients"});
  EXPECT_NE(json.find("\"traceEvents\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"client clients\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"kube-proxy node-0\""), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"pod pod-4\""), std::string::npos);
  EXPECT_NE(json.find("\"dur\":1000.000"), std::string::npos);  // the service time, in us
  EXPECT_NE(json.find("\"ph\":\"f\""), std::string::npos);      // the flow ends at the last hop
}

}  // namespace
}  // namespace kns::reports

namespace kns::reports {
namespace {

// reportJson prints scopes one at a time and splices them in: the bytes must be exactly what
// protobuf prints for the whole message (report.json's format and the golden hashes rely on it).
TEST(ReportJson, PrintsScopesOneByOneAsTheWholeMessageWouldBe) {
  proto::Report report;
  report.mutable_run()->set_scenario("splice");
  report.mutable_run()->set_file("a \"quoted\"\nname.yaml");
  report.mutable_run()->add_overrides("spec.duration=5s");
  for (int i = 0; i < 3; ++i) {
    proto::Scope* scope = report.add_scopes();
    scope->set_kind(i == 0 ? "run" : "service");
    scope->set_name("web-" + std::to_string(i));
    scope->set_requests(100 + i);
    proto::Window* w = scope->add_windows();
    w->set_start_s(1.5 * i);
    w->set_p99_ms(12.25);
  }
  report.add_slos()->set_metric("latency.p99");
  report.add_timeline()->set_event("rollout deployment/web");
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string whole;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(report, &whole, options).ok());
  EXPECT_EQ(reportJson(report), whole);
  report.clear_scopes();
  whole.clear();
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(report, &whole, options).ok());
  EXPECT_EQ(reportJson(report), whole);
  proto::Report parsed;
  std::string error;
  EXPECT_TRUE(parseReportJson(reportJson(report), parsed, &error)) << error;
}

}  // namespace
}  // namespace kns::reports
