// kubenetsim-gui: the desktop visualizer. `kubenetsim-gui [SCENARIO.yaml | report.json]`.
#include <QApplication>
#include <QCommandLineParser>

#include "gui/main_window.h"

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
  parser.process(app);
  kns::gui::MainWindow window;
  window.resize(1280, 800);
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    QString file = parser.positionalArguments().first();
    if (file.endsWith(".json")) {
      window.openReport(file);
    } else {
      window.openScenario(file);
    }
  }
  return app.exec();
}
