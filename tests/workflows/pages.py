"""Press a page's button as a browser would: the form around it, its fields as filled in, the button's value."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._button, self._textarea, self._select = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action"), "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                self._form["fields"].append((kind, attrs.get("name"), attrs.get("value", "on"), "checked" in attrs))
            elif kind == "submit":
                self._form["buttons"].append([attrs.get("name"), attrs.get("value", ""), attrs.get("value", "")])
            elif kind != "file":
                self._form["fields"].append((kind, attrs.get("name"), attrs.get("value", ""), True))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = [attrs.get("name"), attrs.get("value", ""), ""]
            self._form["buttons"].append(self._button)
        elif tag == "textarea":
            self._textarea = ["textarea", attrs.get("name"), "", True]
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self._form["fields"].append(("select", self._select, attrs.get("value", ""), True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._button = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._button is not None:
            self._button[2] += data.strip()
        if self._textarea is not None:
            self._textarea[2] += data


def press(client, page_url: str, html: str, button_text: str, *, fill=None, check=(), form_has=None):
    """Submit the form holding the button labelled `button_text`, with `fill` typed in and `check` ticked.

    `form_has` picks, among several such forms, the one whose fields hold those values.
    """
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        values = {field: value for _kind, field, value, _on in form["fields"]}
        if form_has and any(values.get(k) != str(v) for k, v in form_has.items()):
            continue
        for name, value, text in form["buttons"]:
            if button_text in text:
                data = {}
                for kind, field, field_value, on in form["fields"]:
                    if not field:
                        continue
                    if kind in ("checkbox", "radio"):
                        if on or field in check:
                            data[field] = field_value
                    else:
                        data[field] = field_value
                data.update(fill or {})
                if name:
                    data[name] = value
                return client.post(form["action"] or page_url, data)
    raise AssertionError(f"no button {button_text!r} on the page")
