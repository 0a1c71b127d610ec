// The Recorder on hand-made request records: what each scope counts, windows, retries, traces.
#include "reports/recorder.h"

#include <gtest/gtest.h>

#include "reports/report_builder.h"
#include "reports/report_files.h"

namespace kns::reports {
namespace {

using namespace std::chrono_literals;
using models::PodId;
using models::RequestOutcome;
using models::RequestRecord;
using models::ServiceId;

RequestRecord request(std::uint64_t id, sim::Duration start, sim::Duration end,
                      RequestOutcome outcome = RequestOutcome::Ok, std::uint32_t pod = 0) {
  RequestRecord r;
  r.id = id;
  r.source = 0;
  r.service = ServiceId{0};
  r.pod = PodId{pod};
  r.start = sim::Time{start};
  r.first_start = r.start;
  r.end = sim::Time{end};
  r.outcome = outcome;
  return r;
}

RecorderConfig config(sim::Duration end = 10s) {
  RecorderConfig c;
  c.end = sim::Time{end};
  c.source_names = {"clients"};
  return c;
}

TEST(Recorder, CountsOutcomesAndLatencyPerScope) {
  Recorder recorder(config());
  recorder.onRequest(request(1, 0ms, 10ms, RequestOutcome::Ok, 0));
  recorder.onRequest(request(2, 5ms, 25ms, RequestOutcome::Ok, 1));
  recorder.onRequest(request(3, 6ms, 1006ms, RequestOutcome::Timeout, 1));
  recorder.flush(sim::Time{10s});
  EXPECT_EQ(recorder.run().requests, 3u);
  EXPECT_EQ(recorder.run().errors(), 1u);
  EXPECT_EQ(recorder.run().latency.max(), 1'000'000'000);  // failed requests are timed too
  EXPECT_EQ(recorder.pods().at(PodId{1}).requests, 2u);
  EXPECT_EQ(recorder.services().at(ServiceId{0}).per_pod.at(PodId{0}), 1u);
  // Without a World only pods that served count: 1 and 2 requests.
  EXPECT_NEAR(recorder.runFairness(ServiceId{0}).jain, 9.0 / 10.0, 1e-12);
}

TEST(Recorder, RetriedAttemptsCountForComponentsButTheUserSeesOneRequest) {
  Recorder recorder(config());
  RequestRecord first = request(1, 0ms, 3s, RequestOutcome::ConnectTimeout, 0);
  first.retried = true;
  RequestRecord second = request(2, 4s, 4s + 20ms, RequestOutcome::Ok, 1);
  second.first_start = first.start;
  second.attempt = 1;
  recorder.onRequest(first);
  recorder.onRequest(second);
  EXPECT_EQ(recorder.run().requests, 1u);
  EXPECT_EQ(recorder.run().ok(), 1u);
  EXPECT_EQ(recorder.run().retries, 1u);
  EXPECT_EQ(recorder.run().latency.max(), sim::Duration(4s + 20ms).count());  // from the first try
  EXPECT_EQ(recorder.services().at(ServiceId{0}).stats.requests, 2u);
  EXPECT_EQ(recorder.sources()[0].retries, 1u);
}

TEST(Recorder, WindowsPartitionTheRequestsByEndTime) {
  Recorder recorder(config(5s));
  std::uint64_t id = 0;
  for (int second = 0; second < 5; ++second) {
    for (int k = 0; k <= second; ++k) {  // 1, 2, 3, 4, 5 requests ending in seconds 0..4
      sim::Duration end = std::chrono::seconds(second) + std::chrono::milliseconds(100 * k + 50);
      recorder.onRequest(request(++id, end - 10ms, end));
    }
  }
  recorder.flush(sim::Time{5s});
  const auto& windows = recorder.runSeries().windows;
  ASSERT_EQ(windows.size(), 5u);
  for (std::size_t i = 0; i < windows.size(); ++i) EXPECT_EQ(windows[i].requests, i + 1);
  // Service windows line up with the run's.
  EXPECT_EQ(recorder.serviceSeries().at(ServiceId{0}).windows.size(), 5u);
}

TEST(Recorder, LongRunsGetWiderWindowsNotMoreOfThem) {
  RecorderConfig c = config(std::chrono::hours(10));
  c.max_windows = 3600;
  Recorder recorder(c);
  EXPECT_EQ(recorder.window(), 10s);  // 36,000 one-second windows would exceed the bound
  recorder.flush(sim::Time{std::chrono::hours(10)});
  EXPECT_EQ(recorder.runSeries().windows.size(), 3600u);
}

TEST(Recorder, TracesADeterministicSampleUpToItsLimit) {
  RecorderConfig c = config();
  c.trace_fraction = 0.1;
  c.trace_limit = 50;
  Recorder a(c), b(c);
  for (std::uint64_t id = 1; id <= 2000; ++id) {
    sim::Duration end = std::chrono::microseconds(id * 100);
    a.onRequest(request(id, end - 1ms, end));
    b.onRequest(request(id, end - 1ms, end));
  }
  ASSERT_EQ(a.traces().size(), 50u);
  for (std::size_t i = 0; i < a.traces().size(); ++i) EXPECT_EQ(a.traces()[i].id, b.traces()[i].id);
  // About a tenth of the first requests were kept: the 50th kept id is near 500.
  EXPECT_GT(a.traces().back().id, 300u);
  EXPECT_LT(a.traces().back().id, 800u);
}

TEST(ReportBuilder, JsonRoundTripsAndSloVerdictsUseTheReportsNumbers) {
  Recorder recorder(config());
  for (std::uint64_t id = 1; id <= 100; ++id) {
    sim::Duration start = std::chrono::milliseconds(id * 50);
    recorder.onRequest(request(id, start, start + std::chrono::milliseconds(id), RequestOutcome::Ok,
                               static_cast<std::uint32_t>(id % 4)));
  }
  recorder.flush(sim::Time{10s});
  RunMetadata run;
  run.scenario = "unit";
  run.duration = 10s;
  run.simulated = sim::Time{10s};
  std::vector<SloSpec> slos = {
      {"p99 <= 100ms", "latency.p99", "run", true, 100},
      {"p50 <= 10ms", "latency.p50", "traffic/clients", true, 10},
      {"jain >= 0.99", "fairness.jain", "service/service-0", false, 0.99},
      {"missing scope", "requests", "service/nothing", false, 1},
  };
  proto::Report report = buildReport(recorder, run, slos);
  ASSERT_EQ(report.slos_size(), 4);
  EXPECT_TRUE(report.slos(0).passed());
  EXPECT_NEAR(report.slos(0).measured(), 99, 1);  // nearest rank 99 of 1..100 ms
  EXPECT_FALSE(report.slos(1).passed());          // the median is 50 ms
  EXPECT_NE(report.slos(1).message().find("above the maximum 10ms"), std::string::npos);
  EXPECT_FALSE(report.slos(3).passed());
  EXPECT_NE(report.slos(3).message().find("no scope"), std::string::npos);
  EXPECT_FALSE(allSlosPassed(report));

  std::string json = reportJson(report);
  proto::Report back;
  std::string error;
  ASSERT_TRUE(parseReportJson(json, back, &error)) << error;
  EXPECT_EQ(reportJson(back), json);
  // Every window of the run's series is a CSV row, plus the header.
  std::string csv = timeseriesCsv(report);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'),
            1 + report.scopes(0).windows_size() * 3);  // run, traffic, service
}

}  // namespace
}  // namespace kns::reports
