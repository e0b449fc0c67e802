"""Parts of the Washout page (``ui/washout_page.py`` puts them together)."""
