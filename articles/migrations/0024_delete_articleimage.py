from django.db import migrations


class Migration(migrations.Migration):
    """The "Body images" rows went into the media library (0020); their table goes."""

    dependencies = [("articles", "0023_media_library")]

    operations = [migrations.DeleteModel(name="ArticleImage")]
