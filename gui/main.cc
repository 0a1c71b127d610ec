// kubenetsim-gui: the desktop visualizer.
//   kubenetsim-gui [SCENARIO.yaml | report.json] [--at TIME] [--screenshot FILE.png]
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "gui/main_window.h"
#include "sim/time.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("kubenetsim-gui");
  QApplication::setOrganizationName("kubenetsim");
  QCommandLineParser parser;
  parser.setApplicationDescription(
      "Watch a kubenetsim scenario run: requests flowing through load balancers, kube-proxy and "
      "ingress controllers to pods, step by step.");
  parser.addHelpOption();
  parser.addPositionalArgument("file", "A scenario (.yaml) to open, or a report.json to browse.");
  QCommandLineOption at("at", "Run the scenario until TIME (e.g. 30s) after opening it.", "TIME");
  QCommandLineOption shot(
      "screenshot", "Save the window (1280x800) as FILE once it shows --at, then quit.", "FILE");
  parser.addOption(at);
  parser.addOption(shot);
  parser.process(app);

  double at_seconds = -1;
  if (parser.isSet(at)) {
    try {
      at_seconds =
          std::chrono::duration<double>(kns::sim::parseDuration(parser.value(at).toStdString()))
              .count();
    } catch (const std::exception&) {
      at_seconds = -1;
    }
    if (at_seconds < 0) {
      std::fprintf(stderr,
                   "kubenetsim-gui: --at '%s' is not a time from the start of the run; write "
                   "e.g. '30s'\n",
                   qPrintable(parser.value(at)));
      return 2;
    }
  }
  kns::gui::MainWindow window;
  window.resize(1280, 800);
  window.show();
  QString file = parser.positionalArguments().value(0);
  bool screenshot = parser.isSet(shot);
  QString path = parser.value(shot);
  auto save = [&window, path] {
    QTimer::singleShot(100, &window, [&window, path] {
      int status = window.grab().save(path) ? 0 : 1;
      if (status) std::fprintf(stderr, "kubenetsim-gui: cannot write %s\n", qPrintable(path));
      QApplication::exit(status);
    });
  };
  if (screenshot) {
    // No one to read a dialog in batch use: the errors go to stderr, exit status 2.
    QObject::connect(&window, &kns::gui::MainWindow::openFailed, &window,
                     [](const QString& title, const QString& message) {
                       std::fprintf(stderr, "kubenetsim-gui: %s\n%s\n", qPrintable(title),
                                    qPrintable(message));
                       QApplication::exit(2);
                     });
  }
  if (file.endsWith(".json")) {
    if (window.openReport(file) && screenshot) save();
    if (screenshot && window.errorDialog()) return 2;
    return app.exec();
  }
  if (!file.isEmpty()) {
    if (at_seconds >= 0) {
      // Once the scenario is shown, run to the time asked (the first snapshot is at 0 s).
      auto asked = std::make_shared<bool>(false);
      QObject::connect(&window, &kns::gui::MainWindow::snapshotShown, &window,
                       [&window, at_seconds, asked] {
                         if (*asked || !window.shown()) return;
                         *asked = true;
                         window.runUntil(at_seconds);
                       });
    }
    if (screenshot) {
      QObject::connect(&window, &kns::gui::MainWindow::snapshotShown, &window, [&, save] {
        kns::gui::SnapshotPtr s = window.shown();
        if (!s) return;
        bool there =
            at_seconds < 0 || s->finished ||
            std::chrono::duration<double>(s->time.time_since_epoch()).count() >= at_seconds;
        if (there && !window.playing()) save();
      });
    }
    window.openScenario(file);
  } else if (screenshot) {
    save();  // the empty window
  }
  return app.exec();
}
