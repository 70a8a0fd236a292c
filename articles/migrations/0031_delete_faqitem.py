from django.db import migrations


class Migration(migrations.Migration):
    """The FAQ rows went into the bodies as FAQ blocks (0030); their table goes.

    Reversed, the table comes back empty: the FAQs stay in the bodies (see 0030).
    """

    dependencies = [("articles", "0030_faqs_into_bodies")]

    operations = [migrations.DeleteModel(name="FAQItem")]
