"""The desk's forms: a resident's story with photos, the editor's login and edits (Danish messages)."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FileField,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

MAX_PHOTOS = 6
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[\d ]{8,15}")


def required(what):
    return DataRequired(message=f"Skriv {what}.")


def at_most(chars, what):
    return Length(max=chars, message=f"{what} må højst have {chars} tegn.")


def contact_ok(form, field):
    value = (field.data or "").strip()
    if not (_EMAIL.fullmatch(value) or _PHONE.fullmatch(value)):
        raise ValidationError(
            "Skriv en e-mailadresse (fx navn@example.dk) eller et telefonnummer på 8 cifre."
        )


class DanishForm(FlaskForm):
    """Every validator above carries its own Danish message (WTForms has no Danish catalogue)."""


class PhotoForm(Form):
    """One photo slot: the file, what it shows, its caption and its photographer."""

    fil = FileField("Billede")
    alt = StringField("Hvad viser billedet?", [Optional(), at_most(200, "Beskrivelsen")])
    tekst = StringField("Billedtekst", [Optional(), at_most(200, "Billedteksten")])
    fotograf = StringField("Fotograf", [Optional(), at_most(80, "Fotografens navn")])
    fjern = BooleanField("Fjern billedet")


class SubmitForm(DanishForm):
    """A resident's story (public, no account)."""

    navn = StringField("Dit navn", [required("dit navn"), at_most(80, "Navnet")])
    kontakt = StringField(
        "Din e-mail eller dit telefonnummer", [required("din e-mail eller dit telefonnummer"), contact_ok]
    )
    titel = StringField("Overskrift", [required("en overskrift"), at_most(150, "Overskriften")])
    intro = TextAreaField("Kort indledning", [required("en kort indledning"), at_most(400, "Indledningen")])
    tekst = TextAreaField("Din historie", [required("din historie"), at_most(30_000, "Historien")])
    omraade = SelectField("Område", validate_choice=False)
    sprog = SelectField("Sprog", validate_choice=False)
    billeder = FieldList(FormField(PhotoForm), min_entries=MAX_PHOTOS, max_entries=MAX_PHOTOS)
    samtykke = BooleanField("De personer, der er med på billederne, har sagt ja til at blive vist")
    # A honeypot: hidden from people, filled in by form-filling robots.
    hjemmeside = StringField("Lad dette felt være tomt")
    kladde = HiddenField()

    def validate_omraade(self, field):
        if field.data not in [value for value, _ in field.choices]:
            raise ValidationError("Vælg et af de seks områder.")

    def validate_sprog(self, field):
        if field.data not in [value for value, _ in field.choices]:
            raise ValidationError("Vælg et af sprogene på listen.")


class LoginForm(DanishForm):
    navn = StringField("Navn", [required("dit navn")])
    adgangskode = PasswordField("Adgangskode", [required("din adgangskode")])


class EditForm(DanishForm):
    """The editor's edit of a submission: header fields and the text."""

    titel = StringField("Overskrift", [required("en overskrift"), at_most(150, "Overskriften")])
    intro = TextAreaField("Kort indledning", [Optional(), at_most(400, "Indledningen")])
    omraade = SelectField("Område", validate_choice=False)
    tekst = TextAreaField("Tekst", [required("en tekst")])


class ApproveForm(DanishForm):
    dato = StringField("Udgivelsestid (ÅÅÅÅ-MM-DD TT:MM)", [required("en dato")])


class RejectForm(DanishForm):
    note = TextAreaField("Besked til skribenten", [required("en kort besked til skribenten")])


class ButtonForm(DanishForm):
    """A form that is only a button (publish, rollback, log out): it carries the CSRF token."""
