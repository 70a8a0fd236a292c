"""The demo site: ``manage.py load_demo`` and all its text and images, kept out of the product apps.

``articles.py`` writes the demo articles (their text is in ``content.py``, their cover images
are drawn with Pillow), ``comments.py`` the comments in every status, ``links.py`` the related
links; ``management/commands/load_demo.py`` runs them in that order. Each is idempotent.
"""
