"""The content model's own signal: work a plugin can do while the build waits for its child processes."""

from blinker import signal

# Sent while the main process of a build only waits (Nordbyposten's issues are laid out in child
# processes): a receiver does now what the build would otherwise do after the wait, when most of
# what is left runs on one core. What it does must be worth having even if the build then stops.
while_waiting = signal("nordby-while-waiting")
