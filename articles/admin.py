from django.contrib import admin

from articles.admin_links import ArticleLinksAdminMixin
from articles.models import Article, Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(ArticleLinksAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author", "category", "is_featured"]
    list_filter = ["status", "category"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "tags"]
