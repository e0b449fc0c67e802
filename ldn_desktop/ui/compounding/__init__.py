"""Parts of the Compounding page: form, results, records; the page is ui/compounding_page.py."""
