"""Touch widgets: question inputs (by item type), keyboards, signature pad, chrome."""
