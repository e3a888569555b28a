"""The content model's own signals: work done while a build waits, and a build that stops."""

from blinker import signal

# Sent while the main process of a build only waits (Nordbyposten's issues are laid out in child
# processes): a receiver does now what the build would otherwise do after the wait, when most of
# what is left runs on one core. What it does must be worth having even if the build then stops.
while_waiting = signal("nordby-while-waiting")

# Sent when content errors stop a build (problems.ContentErrors): a receiver ends the background work
# the build began (photo workers), which the process would otherwise finish before it can exit.
build_stopped = signal("nordby-build-stopped")
