"""Mail to writers and editors: SMTP when REDAKTION_SMTP_HOST is set, else printed to the console."""

import logging
import smtplib
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from email.message import EmailMessage

logger = logging.getLogger(__name__)
# Mail goes out beside the request, not in it: an SMTP server's pause must not hold up a resident.
# The pool's threads are joined when the process ends, so a queued mail is still sent.
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
_PENDING = set()
_LOCK = threading.Lock()


def send_later(config, to, subject, body):
    """Queue one mail (see send); the request returns at once."""
    settings = {k: v for k, v in config.items() if k.startswith("REDAKTION_SMTP_")}
    future = _POOL.submit(send, settings, to, subject, body)
    with _LOCK:
        _PENDING.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future):
    with _LOCK:
        _PENDING.discard(future)


def flush(timeout=60):
    """Wait until every queued mail is sent (or has failed and been logged)."""
    with _LOCK:
        pending = set(_PENDING)
    wait(pending, timeout=timeout)


def is_address(value):
    return "@" in (value or "") and " " not in value.strip()


def send(config, to, subject, body):
    """Send one plain-text mail; a mail that cannot be sent is logged, never lost silently."""
    recipients = [a.strip() for a in ([to] if isinstance(to, str) else to) if is_address(a)]
    if not recipients:
        return False
    msg = EmailMessage()
    msg["From"] = config["REDAKTION_SMTP_FROM"]
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(body)
    if not config["REDAKTION_SMTP_HOST"]:
        print(
            f"--- mail (udvikling) ---\nTil: {msg['To']}\nEmne: {subject}\n\n{body}\n--- slut ---",
            file=sys.stderr,
        )
        return True
    try:
        with smtplib.SMTP(config["REDAKTION_SMTP_HOST"], config["REDAKTION_SMTP_PORT"], timeout=20) as smtp:
            if config["REDAKTION_SMTP_STARTTLS"]:
                smtp.starttls()
            if config["REDAKTION_SMTP_USER"]:
                smtp.login(config["REDAKTION_SMTP_USER"], config["REDAKTION_SMTP_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        logger.error("Mailen '%s' til %s kunne ikke sendes: %s", subject, msg["To"], exc)
        return False
    return True


def editors(config):
    return [a for a in config["REDAKTION_EDITOR_MAILS"].split(",") if is_address(a)]
