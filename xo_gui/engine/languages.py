"""The languages the window speaks (README, "Languages"): the CLI checks ``--lang`` against
this list without loading Qt."""
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
