"""Mail to writers and editors: SMTP when REDAKTION_SMTP_HOST is set, else printed to the console."""

import logging
import smtplib
import sys
from email.message import EmailMessage

logger = logging.getLogger(__name__)


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
