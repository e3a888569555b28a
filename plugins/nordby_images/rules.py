"""Content rules for photos: every photo has alt text and an original that can be published."""

from nordby_content.rules import document_rule

from .process import MISSING

ALT_FIX_LEAD = "skriv en linje 'Image_alt: ' med en kort beskrivelse af, hvad billedet viser"
ALT_FIX_INLINE = "skriv en kort beskrivelse mellem [ og ], fx ![Mødre med babyer i ParkCafeen](...)"


def _problem(doc, ctx, ref, error, field=None):
    message, fix = error
    if field is None:
        field = "Image" if ref.lead else ""
    return ctx.problem(doc, field, f'Billedet "{ref.target}": {message}', fix, line=ref.line)


@document_rule
def photos_have_alt_text(doc, ctx):
    """Readers who cannot see the photo hear its alt text instead; without it they get nothing."""
    for ref in getattr(doc, "image_refs", []):
        if not ref.alt:
            fix = ALT_FIX_LEAD if ref.lead else ALT_FIX_INLINE
            message = "mangler en alternativ tekst til læsere, der ikke kan se billedet."
            yield _problem(doc, ctx, ref, (message, fix), "Image_alt" if ref.lead else "")


@document_rule
def photos_can_be_published(doc, ctx):
    """The original must exist inside content/ and be a photo the build can read."""
    for ref in getattr(doc, "image_refs", []):
        if ref.error and not (
            ref.lead and ref.error[0] == MISSING
        ):  # the content model says it (image_exists)
            yield _problem(doc, ctx, ref, ref.error)
