"""Byline's project configuration, imported as ``byline``.

The folder is named ``site/`` by the product's layout, but ``site`` is a frozen standard-library
module loaded at interpreter start, so ``import site.settings`` can never work. pyproject.toml
maps the import name ``byline`` onto this folder and the project is installed editable, so
manage.py, WSGI/ASGI servers and pytest all use ``DJANGO_SETTINGS_MODULE=byline.settings``.
"""
