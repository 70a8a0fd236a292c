from django.contrib import admin

from articles.admin_links import ArticleLinksAdminMixin
from articles.models import Article, Category, Tag
from comments.admin import PendingCommentsColumn


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
class ArticleAdmin(PendingCommentsColumn, ArticleLinksAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "author",
        "category",
        "is_featured",
        "pending_comments",  # from PendingCommentsColumn
    ]
    list_filter = ["status", "category"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "tags"]
