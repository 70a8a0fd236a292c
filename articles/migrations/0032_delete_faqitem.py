from django.db import migrations


class Migration(migrations.Migration):
    """The FAQ rows went into the bodies as FAQ blocks (0031); their table goes.

    Reversed, the table comes back empty: the FAQs stay in the bodies (see 0031).
    """

    dependencies = [("articles", "0031_faqs_into_bodies")]

    operations = [migrations.DeleteModel(name="FAQItem")]
