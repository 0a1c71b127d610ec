// The desktop app, driven as a user would, on Qt's offscreen platform (or under Xvfb): loading,
// play/pause/step, step back, a request's journey, fairness against the headless report, bad
// input, exports, the frame time of a 500-pod cluster, and the documentation's screenshots.
#include <google/protobuf/util/json_util.h>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QListWidget>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <memory>

#include "gui/main_window.h"
#include "gui/session.h"
#include "gui/topology_items.h"
#include "scenarios/run_scenario.h"
#include "tests/gui/five_hundred_pods.h"

using namespace kns;
using namespace kns::gui;

namespace {

QString example(const char* name) {
  return QStringLiteral(KNS_SOURCE_DIR "/scenarios/examples/%1").arg(name);
}

double seconds(sim::Time t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

// Waits until the window shows a snapshot for which `pred` holds.
bool waitShown(MainWindow& w, const std::function<bool(const Snapshot&)>& pred,
               int timeout_ms = 30000) {
  return QTest::qWaitFor(
      [&] {
        SnapshotPtr s = w.shown();
        return s && pred(*s);
      },
      timeout_ms);
}

// Runs a command and waits for the snapshot it publishes (a newer one than shown before).
SnapshotPtr after(MainWindow& w, const std::function<void()>& command) {
  SnapshotPtr before = w.shown();
  command();
  if (!QTest::qWaitFor([&] { return w.shown() && w.shown() != before; }, 30000)) return nullptr;
  return w.shown();
}

// The report `kubenetsim run` would write for an example.
bool headlessReport(const char* name, reports::proto::Report& report) {
  scenarios::LoadedScenario loaded;
  scenarios::Diagnostics diagnostics;
  scenarios::RunResult result;
  if (!scenarios::loadScenarioFile(example(name).toStdString(), loaded, diagnostics) ||
      !scenarios::runScenario(loaded, {}, result, diagnostics))
    return false;
  report = result.report;
  return true;
}

// Runs to `t` seconds ("Run until") and waits until the window shows it, paused. False on a
// timeout.
bool runTo(MainWindow& w, double t) {
  w.runUntil(t);
  auto at = sim::Time{std::chrono::duration_cast<sim::Duration>(std::chrono::duration<double>(t))};
  return waitShown(w, [&](const Snapshot& s) { return s.time >= at || s.finished; }) &&
         QTest::qWaitFor([&] { return !w.playing(); }, 30000);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Labelled items of one kind must not overlap: a readable picture.
int overlaps(const QList<QGraphicsItem*>& items) {
  int n = 0;
  for (int i = 0; i < items.size(); ++i)
    for (int j = i + 1; j < items.size(); ++j)
      if (items[i]
              ->sceneBoundingRect()
              .adjusted(2, 2, -2, -2)
              .intersects(items[j]->sceneBoundingRect().adjusted(2, 2, -2, -2)))
        ++n;
  return n;
}

}  // namespace

class GuiTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;
  MainWindow& open(const QString& scenario) {
    window_ = std::make_unique<MainWindow>();
    window_->resize(1280, 800);
    window_->show();
    window_->openScenario(scenario);
    return *window_;
  }

 private slots:
  // Recent files and other settings go to a scratch place, not the user's.
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void cleanup() { window_.reset(); }

  void loadingAScenarioShowsItsClusterAndLesson() {
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    SnapshotPtr s = w.shown();
    QCOMPARE(s->time, sim::Time{});
    QCOMPARE(s->nodes.size(), std::size_t{3});
    QCOMPARE(s->zones.size(), std::size_t{3});
    QVERIFY(w.topologyView()->topology()->nodeItem(0) != nullptr);
    // The example's "What to watch" paragraph is in the lesson panel.
    QVERIFY(w.lesson()->toPlainText().contains("What to watch"));
    QVERIFY(w.lesson()->toPlainText().contains("kube-proxy on node-0 picks one of the four pods"));
    QVERIFY(w.windowTitle().contains("clusterip"));
    // Remembered in File > Open recent.
    QSettings settings("kubenetsim", "kubenetsim-gui");
    QVERIFY(settings.value("recent").toStringList().contains(
        QFileInfo(example("clusterip.yaml")).absoluteFilePath()));
  }

  void theInspectorShowsRulesEndpointsAndIngressRules() {
    MainWindow& w = open(example("ingress-canary.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return !s.nodes.empty(); }));
    QVERIFY(runTo(w, 15));
    SnapshotPtr s = w.shown();
    // A node: kube-proxy's rules as iptables-save prints them, one chain per Service.
    bool found_rules = false;
    for (const NodeView& n : s->nodes) {
      Selection node{Selection::Kind::Node, n.id, ""};
      w.select(node);
      QVERIFY(waitShown(w, [&](const Snapshot& x) { return x.selection == node; }));
      QString text = w.inspector()->toPlainText();
      QVERIFY(text.contains("kube-proxy rules on this node"));
      if (text.contains("-A KUBE-SERVICES -d ")) {
        found_rules = true;
        QVERIFY2(text.contains("-m statistic --mode random --probability") ||
                     text.contains("its rule always matches") || text.contains("-j KUBE-SEP"),
                 qPrintable(text));
      }
    }
    QVERIFY(found_rules);
    // A Service: its endpoints with their conditions; the numbers agree with the snapshot.
    const ServiceView* busiest = &s->services.front();
    for (const ServiceView& v : s->services)
      if (v.endpoints > busiest->endpoints) busiest = &v;
    Selection svc{Selection::Kind::Service, busiest->id, ""};
    w.select(svc);
    QVERIFY(waitShown(w, [&](const Snapshot& x) { return x.selection == svc; }));
    const Section* endpoints = nullptr;
    for (const Section& sec : w.shown()->inspector.sections)
      if (sec.title.rfind("EndpointSlices", 0) == 0) endpoints = &sec;
    QVERIFY(endpoints != nullptr);
    QCOMPARE(endpoints->rows.size(), busiest->endpoints);
    // The ingress controller: its rules table and its balancing algorithm.
    Selection ingress{Selection::Kind::Ingress, 0, ""};
    w.select(ingress);
    QVERIFY(waitShown(w, [&](const Snapshot& x) { return x.selection == ingress; }));
    QString text = w.inspector()->toPlainText();
    QVERIFY2(text.contains("load-balance") && text.contains("canary"), qPrintable(text));
    // The kubectl table lists every live pod.
    QCOMPARE(w.tables()->table().rows.size(), w.shown()->pods.size());
    w.tables()->kind()->setCurrentIndex(1);  // svc
    QVERIFY(waitShown(w, [](const Snapshot& x) { return x.table_kind == "svc"; }));
    QTRY_COMPARE(w.tables()->table().rows.size(), w.shown()->services.size());
  }

  void restartWithAnotherSeedStartsAnotherRun() {
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    QCOMPARE(w.shown()->seed, std::uint64_t{42});
    QVERIFY(runTo(w, 12));
    std::string seed42 = w.shown()->fingerprint;
    SnapshotPtr fresh = after(w, [&] { w.restart(7); });
    QVERIFY(fresh);
    QCOMPARE(fresh->seed, std::uint64_t{7});
    QCOMPARE(fresh->time, sim::Time{});
    QVERIFY(runTo(w, 12));
    QVERIFY(w.shown()->fingerprint != seed42);
    // The same seed again gives the same run.
    QVERIFY(after(w, [&] { w.restart(42); }));
    QVERIFY(runTo(w, 12));
    QCOMPARE(w.shown()->fingerprint, seed42);
    // Fit shows the whole cluster.
    w.topologyView()->fit();
    QRectF visible =
        w.topologyView()->mapToScene(w.topologyView()->viewport()->rect()).boundingRect();
    QVERIFY(
        visible.adjusted(-2, -2, 2, 2).contains(w.topologyView()->scene()->itemsBoundingRect()));
  }

  void playPauseAndStepMoveSimulatedTimeAsAsked() {
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    // Run until an exact time: the clock stops there.
    QVERIFY(runTo(w, 12.5));
    QCOMPARE(w.shown()->time, sim::Time{std::chrono::milliseconds(12500)});  // exactly there
    // One event: exactly one more event, time does not go back.
    SnapshotPtr before = w.shown();
    SnapshotPtr one = after(w, [&] { w.stepEvent(); });
    QVERIFY(one);
    QCOMPARE(one->events, before->events + 1);
    QVERIFY(one->time >= before->time);
    // One hop: some request in flight moved on (or a request started or finished).
    SnapshotPtr hop = after(w, [&] { w.stepHop(); });
    QVERIFY(hop);
    QVERIFY(hop->events > one->events);
    QVERIFY(hop->digest() != one->digest());
    // Play (10x, so that the 60 s run is not over at once): time advances; pause: it stops.
    w.setSpeed(10);
    w.play();
    QVERIFY(waitShown(
        w, [&](const Snapshot& s) { return s.time > hop->time + std::chrono::seconds(1); }));
    SnapshotPtr paused = after(w, [&] { w.pause(); });
    QTRY_VERIFY(!w.playing());
    sim::Time at = w.shown()->time;
    QTest::qWait(300);
    QCOMPARE(w.shown()->time, at);
    // Real-time speed 1x: about 0.5 s simulated in 0.5 s of wall time (generous bounds: the
    // machine may be busy, but 1x must be neither paused nor flat out).
    (void)paused;
    w.setSpeed(1);
    w.play();
    QTest::qWait(500);
    w.pause();
    QTRY_VERIFY(!w.playing());
    double advanced = seconds(w.shown()->time) - seconds(at);
    QVERIFY2(advanced > 0.05 && advanced < 3, qPrintable(QString::number(advanced)));
  }

  void stepBackRestoresTheEarlierStateExactly() {
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    QVERIFY(runTo(w, 11));
    std::vector<SnapshotPtr> seen = {w.shown()};
    for (int i = 0; i < 3; ++i) {
      SnapshotPtr next = after(w, [&] { w.stepHop(); });
      QVERIFY(next);
      seen.push_back(next);
    }
    // Back one: the moment before, exactly; stepping forward again reaches the same next state.
    SnapshotPtr back = after(w, [&] { w.stepBack(); });
    QVERIFY(back);
    QCOMPARE(back->digest(), seen[2]->digest());
    SnapshotPtr again = after(w, [&] { w.stepHop(); });
    QVERIFY(again);
    QCOMPARE(again->digest(), seen[3]->digest());
    QCOMPARE(again->fingerprint, seen[3]->fingerprint);
    // Back twice more, then scrub to 5 s (before everything): replayed from the start.
    QVERIFY(after(w, [&] { w.stepBack(); }));
    SnapshotPtr back2 = after(w, [&] { w.stepBack(); });
    QVERIFY(back2);
    QCOMPARE(back2->digest(), seen[1]->digest());
    SnapshotPtr early = after(w, [&] { w.seek(5); });
    QVERIFY(early);
    QCOMPARE(early->time, sim::Time{std::chrono::seconds(5)});
    // The replayed run is the run: the same session replayed in the core gives the same state.
    Session session;
    std::string errors;
    QVERIFY(session.load(example("clusterip.yaml").toStdString(), &errors));
    session.advanceTo(sim::Time{std::chrono::seconds(11)});
    session.stepHop();
    SnapshotPtr core = session.snapshot(true);
    QCOMPARE(core->fingerprint, seen[1]->fingerprint);
    QCOMPARE(core->events, seen[1]->events);
  }

  void selectingARequestShowsItsHops() {
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    QVERIFY(runTo(w, 12));
    QListWidget* list = w.requests()->list();
    QTRY_VERIFY(list->count() > 0);
    std::uint64_t id = list->item(0)->data(Qt::UserRole).toULongLong();
    const models::RequestRecord* record = nullptr;
    SnapshotPtr listed = w.shown();  // keeps `record` alive while newer snapshots are shown
    for (const auto& r : listed->recent)
      if (r.id == id) record = &r;
    QVERIFY(record != nullptr);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    QVERIFY(waitShown(w, [&](const Snapshot& s) {
      return s.selection.kind == Selection::Kind::Request && s.selection.id == id;
    }));
    const Inspector& inspector = w.shown()->inspector;
    const Section* hops = nullptr;
    for (const Section& s : inspector.sections)
      if (s.title == "Journey, hop by hop") hops = &s;
    QVERIFY(hops != nullptr);
    // One row a hop, plus rows for the time between hops (numbered rows are the hops).
    std::size_t numbered = 0;
    for (const auto& row : hops->rows) numbered += !row[0].empty();
    QCOMPARE(numbered, static_cast<std::size_t>(record->hop_count));
    QString text = w.inspector()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("Request #%1").arg(id)));
    // A new connection's kube-proxy hop says which iptables rule matched and which pod it chose.
    if (record->new_connection) {
      QVERIFY2(text.contains("iptables: rule") || text.contains("the last rule of"),
               qPrintable(text));
    } else {
      QVERIFY2(text.contains("conntrack: an established connection"), qPrintable(text));
    }
    QVERIFY(text.contains("a worker serves the request"));
    // A moving dot can be clicked too: it selects its request.
    w.setSpeed(1e-3);
    w.play();
    QVERIFY(waitShown(w, [](const Snapshot& s) { return !s.in_flight.empty(); }));
    w.pause();
    QTRY_VERIFY(!w.playing());
    SnapshotPtr s = w.shown();
    QVERIFY(!s->in_flight.empty());
    QGraphicsEllipseItem* dot = w.topologyView()->topology()->dotOf(s->in_flight.front().id);
    QVERIFY(dot != nullptr && dot->isVisible());
    QPoint where = w.topologyView()->mapFromScene(dot->scenePos());
    w.topologyView()->centerOn(dot);
    where = w.topologyView()->mapFromScene(dot->scenePos());
    QTest::mouseClick(w.topologyView()->viewport(), Qt::LeftButton, {}, where);
    std::uint64_t dot_id = s->in_flight.front().id;
    QVERIFY(waitShown(w, [&](const Snapshot& x) {
      return x.selection.kind == Selection::Kind::Request && x.selection.id == dot_id;
    }));
  }

  void fairnessMatchesTheHeadlessReport() {
    // The headless run, as `kubenetsim run` makes it.
    reports::proto::Report headless;
    QVERIFY(headlessReport("clusterip.yaml", headless));
    double jain = -1;
    for (const auto& scope : headless.scopes())
      if (scope.kind() == "service" && scope.name() == "web.default")
        jain = scope.fairness().jain();
    QVERIFY(jain > 0);
    // The GUI, played to the end.
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    w.setSpeed(0);
    w.play();
    QVERIFY(waitShown(
        w, [](const Snapshot& s) { return s.finished; }, 60000));
    QTRY_VERIFY(!w.playing());
    w.charts()->serviceChooser()->setCurrentText("web.default");
    QCOMPARE(w.charts()->fairnessText(), QString::number(jain, 'f', 4));
    QCOMPARE(w.shown()->report->run().fingerprint(), headless.run().fingerprint());
    QCOMPARE(w.shown()->report->scopes(0).requests(), headless.scopes(0).requests());
  }

  void aBadScenarioShowsAnErrorDialog() {
    QTemporaryDir dir;
    QString path = dir.filePath("broken.yaml");
    {
      std::ofstream out(path.toStdString());
      out << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: broken}\nspec:\n"
             "  duration: 10s\n  cluster: {nodes: {count: two}}\n";
    }
    MainWindow& w = open(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.errorDialog() && w.errorDialog()->isVisible(), 10000);
    QString message = w.errorDialog()->informativeText();
    QVERIFY2(message.contains("broken.yaml:6:"), qPrintable(message));
    QVERIFY(!w.shown());  // nothing half-loaded
    w.errorDialog()->accept();
    // Still alive: a good scenario opens afterwards; a file that is not a report is refused.
    w.openScenario(example("nodeport.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return !s.nodes.empty(); }));
    QVERIFY(!w.openReport(path));
    QVERIFY(w.errorDialog()->isVisible());
    w.errorDialog()->accept();
    // Valid as a file, refused by the API server when the cluster is built (two Services asking
    // for one nodePort): a dialog with the place, and the scenario shown before stays.
    QString taken = dir.filePath("taken.yaml");
    std::ofstream(taken.toStdString())
        << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: taken}\nspec:\n"
           "  manifests:\n  - inline: |\n"
           "      apiVersion: v1\n      kind: Service\n      metadata: {name: a}\n"
           "      spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n      ---\n"
           "      apiVersion: v1\n      kind: Service\n      metadata: {name: b}\n"
           "      spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n";
    SnapshotPtr before = w.shown();
    w.openScenario(taken);
    QTRY_VERIFY_WITH_TIMEOUT(w.errorDialog()->isVisible(), 10000);
    QVERIFY2(w.errorDialog()->informativeText().contains("taken.yaml:spec.manifests[0].inline:") &&
                 w.errorDialog()->informativeText().contains("nodePort 30080"),
             qPrintable(w.errorDialog()->informativeText()));
    QCOMPARE(w.shown(), before);
    w.errorDialog()->accept();
    // Loaded with a warning (an Ingress naming a Service no manifest defines): it runs, and the
    // warning is shown, as `kubenetsim validate` prints it.
    QString warned = dir.filePath("warned.yaml");
    std::ofstream(warned.toStdString())
        << "apiVersion: kubenetsim/v1\nkind: Scenario\nmetadata: {name: warned}\nspec:\n"
           "  cluster: {ingressControllers: [{replicas: 1}]}\n"
           "  manifests:\n  - inline: |\n"
           "      apiVersion: networking.k8s.io/v1\n      kind: Ingress\n"
           "      metadata: {name: shop}\n      spec:\n        ingressClassName: nginx\n"
           "        rules:\n        - http:\n            paths: [{path: /, pathType: Prefix, "
           "backend: {service: {name: missing, port: {number: 80}}}}]\n";
    w.openScenario(warned);
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "warned"; }));
    QTRY_VERIFY(w.lesson()->toPlainText().contains("Warnings while loading"));
    QVERIFY2(w.lesson()->toPlainText().contains("names Service 'missing'"),
             qPrintable(w.lesson()->toPlainText()));
  }

  void opensAReportAndExportsViewsAndCharts() {
    reports::proto::Report headless;
    QVERIFY(headlessReport("clusterip.yaml", headless));
    std::string json;
    QVERIFY(google::protobuf::util::MessageToJsonString(headless, &json).ok());
    QTemporaryDir dir;
    QString report = dir.filePath("report.json");
    std::ofstream(report.toStdString()) << json;
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    QVERIFY(w.openReport(report));
    w.charts()->serviceChooser()->setCurrentText("web.default");
    QVERIFY(!w.charts()->fairnessText().isEmpty());
    QVERIFY(w.inspector()->toPlainText().contains("Report clusterip"));
    for (const char* name : {"view.png", "view.svg"}) {
      QVERIFY(w.exportView(dir.filePath(name)));
      QVERIFY(QFile(dir.filePath(name)).size() > 1000);
    }
    for (const char* name : {"chart.png", "chart.svg"}) {
      QVERIFY(w.charts()->exportChart(dir.filePath(name)));
      QVERIFY(QFile(dir.filePath(name)).size() > 1000);
    }
    QImage png(dir.filePath("view.png"));
    QVERIFY(png.width() > 200 && png.height() > 200);
    QFile svg(dir.filePath("chart.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
  }

  void fiveHundredPodsAnimateWithoutFreezing() {
    QTemporaryDir dir;
    // Long enough that two seconds at full speed do not reach the end (the whole run takes
    // about half a second of wall time per 100 simulated seconds here).
    std::string scenario = testing::writeFiveHundredPods(dir.path().toStdString(), "900s", "30s");
    MainWindow& w = open(QString::fromStdString(scenario));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "five-hundred-pods"; }));
    QVERIFY(runTo(w, 20));
    QCOMPARE(w.shown()->pods.size(), std::size_t{500});
    // Where each pod is drawn now, to check the layout is stable while it plays.
    TopologyScene* scene = w.topologyView()->topology();
    std::map<std::uint32_t, QRectF> where;
    for (const PodView& p : w.shown()->pods) where[p.id] = scene->podRect(p.id);
    int layouts = scene->layouts();
    std::size_t frames_before = w.frameTimes().size();
    // Play for three seconds of wall time at 1/10 of real time (dense traffic on screen), then
    // two at full speed, and check that the UI answers meanwhile: a zero-timer posted on the UI
    // thread runs promptly.
    for (double speed : {0.1, 0.0}) {
      w.setSpeed(speed);
      w.play();
      std::vector<double> answers;
      QElapsedTimer wall;
      wall.start();
      while (wall.elapsed() < (speed > 0 ? 3000 : 2000)) {
        QElapsedTimer answer;
        answer.start();
        bool ran = false;
        QTimer::singleShot(0, [&] { ran = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ran, 5000);
        answers.push_back(static_cast<double>(answer.nsecsElapsed()) / 1e6);
        QTest::qWait(20);
      }
      w.pause();
      QTRY_VERIFY(!w.playing());
      std::vector<double> frames(w.frameTimes().begin() + static_cast<long>(frames_before),
                                 w.frameTimes().end());
      frames_before = w.frameTimes().size();
      QVERIFY(frames.size() > 20);
      qInfo(
          "500 pods at %s: %zu frames, median frame time %.2f ms, max %.2f ms; the UI answered "
          "in median %.2f ms, max %.2f ms; simulated time %.1f s; %zu dots drawn",
          speed > 0 ? "0.1x" : "full speed", frames.size(), median(frames),
          *std::max_element(frames.begin(), frames.end()), median(answers),
          *std::max_element(answers.begin(), answers.end()), seconds(w.shown()->time),
          w.topologyView()->topology()->dotCount());
      // Not a benchmark (bench/ and docs/gui.md have the figures): only that it never froze.
      QVERIFY(*std::max_element(answers.begin(), answers.end()) < 1000);
      if (speed > 0) {
        // Before the rollout nothing churns: every pod is still drawn exactly where it was.
        QCOMPARE(scene->layouts(), layouts);
        for (const auto& [pod, rect] : where) QCOMPARE(scene->podRect(pod), rect);
      }
    }
    // Through the rollout of all 500 pods the new ones took free slots without overlapping.
    QList<QGraphicsItem*> tiles;
    for (QGraphicsItem* item : scene->items())
      if (dynamic_cast<PodItem*>(item)) tiles << item;
    QVERIFY(tiles.size() >= 500);
    QCOMPARE(overlaps(tiles), 0);
  }

  void theCommandLineTakesAScreenshotOrFailsClearly() {
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
    // TSan's runtime aborts in the child of QProcess's clone() (a CHECK in its fork handling),
    // and this test's subject, the batch mode, runs on one thread: the Release build covers it.
    QSKIP("QProcess cannot start programs under ThreadSanitizer");
#endif
#endif
    QTemporaryDir dir;
    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    gui.setProcessEnvironment(env);
    QString png = dir.filePath("shot.png");
    gui.start(KNS_GUI_BINARY, {example("clusterip.yaml"), "--at", "31s", "--screenshot", png});
    QVERIFY(gui.waitForFinished(60000));
    QCOMPARE(gui.exitCode(), 0);
    QCOMPARE(QImage(png).size(), QSize(1280, 800));
    // A broken scenario: its errors on stderr, exit status 2, no picture.
    QString broken = dir.filePath("broken.yaml");
    std::ofstream(broken.toStdString()) << "apiVersion: kubenetsim/v1\nkind: Scenario\n"
                                           "metadata: {name: b}\nspec: {duration: soon}\n";
    QString none = dir.filePath("none.png");
    gui.start(KNS_GUI_BINARY, {broken, "--screenshot", none});
    QVERIFY(gui.waitForFinished(60000));
    QCOMPARE(gui.exitCode(), 2);
    QVERIFY2(gui.readAllStandardError().contains("broken.yaml:4:"), "file:line on stderr");
    QVERIFY(!QFile::exists(none));
    // A JSON file that is not a report: the same.
    QString notes = dir.filePath("notes.json");
    std::ofstream(notes.toStdString()) << "{\"x\": 1}\n";
    gui.start(KNS_GUI_BINARY, {notes, "--screenshot", none});
    QVERIFY(gui.waitForFinished(60000));
    QCOMPARE(gui.exitCode(), 2);
    QVERIFY(gui.readAllStandardError().contains("not a report.json"));
    QVERIFY(!QFile::exists(none));
    gui.start(KNS_GUI_BINARY, {example("clusterip.yaml"), "--at", "later"});
    QVERIFY(gui.waitForFinished(60000));
    QCOMPARE(gui.exitCode(), 2);
  }

  void screenshotsForTheDocumentation() {
    QString out = qEnvironmentVariable("KNS_SCREENSHOT_DIR");
    QTemporaryDir scratch;
    if (out.isEmpty()) out = scratch.path();
    // Idle: the example just opened.
    MainWindow& w = open(example("clusterip.yaml"));
    QVERIFY(waitShown(w, [](const Snapshot& s) { return s.scenario == "clusterip"; }));
    QVERIFY(runTo(w, 12));
    QTest::qWait(200);
    QVERIFY(w.grab().save(out + "/gui-idle.png"));
    std::map<std::uint32_t, QRectF> before;
    for (const PodView& p : w.shown()->pods)
      before[p.id] = w.topologyView()->topology()->podRect(p.id);
    int layouts = w.topologyView()->topology()->layouts();
    // Mid-rollout: new pods starting (amber), old ones terminating (grey), requests in flight.
    QVERIFY(runTo(w, 33.2));
    SnapshotPtr mid = w.shown();
    bool churn = std::any_of(mid->pods.begin(), mid->pods.end(), [](const PodView& p) {
      return p.state == PodState::Pending || p.state == PodState::Terminating ||
             p.state == PodState::NotReady;
    });
    QVERIFY2(churn, "the rollout is under way at 33 s");
    // A pod that lives on keeps its place while others come and go around it (slots are not
    // re-sorted: web-1-3 stays in the second slot of node-0 when web-1-0 leaves the first).
    int survivors = 0;
    for (const PodView& p : mid->pods) {
      if (!before.count(p.id)) continue;
      ++survivors;
      if (w.topologyView()->topology()->layouts() == layouts)
        QCOMPARE(w.topologyView()->topology()->podRect(p.id), before[p.id]);
    }
    QVERIFY(survivors >= 1);
    // The Service's endpoints, with their conditions, in the inspector.
    Selection web{Selection::Kind::Service, mid->services.back().id, ""};
    for (const ServiceView& v : mid->services)
      if (v.name == "web") web.id = v.id;
    w.select(web);
    QVERIFY(waitShown(w, [&](const Snapshot& s) { return s.selection == web; }));
    QVERIFY(w.inspector()->toPlainText().contains("EndpointSlices"));
    QTest::qWait(200);
    QVERIFY(w.grab().save(out + "/gui-rollout.png"));
    // Readable: pods, nodes and the shapes above do not overlap one another.
    QList<QGraphicsItem*> pods, nodes, shapes;
    for (QGraphicsItem* item : w.topologyView()->scene()->items()) {
      if (dynamic_cast<PodItem*>(item)) pods << item;
      if (auto* box = dynamic_cast<BoxItem*>(item)) {
        QVariant kind = box->data(kKindRole);
        if (kind.isValid() && kind.toInt() == static_cast<int>(Selection::Kind::Node))
          nodes << item;
        else if (box->zValue() >= 2)
          shapes << item;
      }
    }
    QVERIFY(pods.size() >= 4);
    QCOMPARE(overlaps(pods), 0);
    QCOMPARE(overlaps(nodes), 0);
    QCOMPARE(overlaps(shapes), 0);
    // The request inspector, on an Ingress example where the balancer explains its pick.
    MainWindow& ing = open(example("ingress-ewma-vs-rr.yaml"));
    QVERIFY(waitShown(ing, [](const Snapshot& s) { return !s.nodes.empty(); }));
    QVERIFY(runTo(ing, 20));
    std::uint64_t id = 0;
    for (const auto& r : ing.shown()->recent) {
      for (int h = 0; h < r.hop_count; ++h)
        if (r.hops[static_cast<std::size_t>(h)].kind == models::HopKind::Ingress &&
            r.outcome == models::RequestOutcome::Ok)
          id = r.id;
    }
    QVERIFY(id != 0);
    Selection pick{Selection::Kind::Request, id, ""};
    ing.select(pick);
    QVERIFY(waitShown(ing, [&](const Snapshot& s) { return s.selection == pick; }));
    QVERIFY2(ing.inspector()->toPlainText().contains("ewma picked") ||
                 ing.inspector()->toPlainText().contains("round_robin"),
             qPrintable(ing.inspector()->toPlainText()));
    ing.inspector()->scrollToAnchor("journey");
    QTest::qWait(200);
    QVERIFY(ing.grab().save(out + "/gui-request.png"));
    for (const char* name : {"gui-idle.png", "gui-rollout.png", "gui-request.png"}) {
      QImage image(out + "/" + name);
      QCOMPARE(image.size(), QSize(1280, 800));
    }
  }
};

QTEST_MAIN(GuiTest)
#include "gui_test.moc"
