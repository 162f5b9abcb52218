"""No models: this module exists so Django sends this app post_migrate (it skips apps without one)."""
