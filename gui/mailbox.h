// Closures run on the thread a Mailbox lives in, in the order they were posted from any thread:
// how the UI thread and the simulation's thread talk.
//
// Why not a queued signal or QMetaObject::invokeMethod with a lambda: their data crosses threads
// inside Qt's event queue, whose locking is in libQt6Core. Debian's Qt is not built with
// ThreadSanitizer, so TSan cannot see that ordering and calls every hand-off a race. Here the
// closures pass through our own mutex, which TSan sees; Qt only carries a wake-up that holds no
// data of ours (a call by slot name).
#pragma once

#include <QObject>
#include <deque>
#include <functional>
#include <mutex>

namespace kns::gui {

class Mailbox : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  // Any thread: `task` runs later on this object's thread.
  void post(std::function<void()> task);

 public slots:
  // This object's thread: runs every task posted so far, oldest first.
  void deliver();

 private:
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace kns::gui
