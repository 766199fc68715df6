/* Bảng vàng — additions to Decap CMS: previews shaped like the site's record pages, and a
 * save step that keeps the front matter as the checks expect it.
 * Plain browser JavaScript (no build step): Decap's bundle provides window.CMS, window.h
 * (React.createElement) and window.createClass. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  var KIND_LABELS = { individual: "Cá nhân", collective: "Tập thể", household: "Hộ gia đình" };

  // The site's own stylesheet, so the preview looks like the published page.
  CMS.registerPreviewStyle(new URL("../assets/stylesheets/bangvang.css", document.baseURI).href);
  CMS.registerPreviewStyle(
    "html{font-size:125%}body{font-family:system-ui,-apple-system,'Segoe UI',Roboto," +
      "sans-serif;line-height:1.6;color:#222;margin:1rem 1.25rem}.md-typeset{font-size:.8rem}" +
      ".md-typeset h1{font-size:1.6rem;margin:0 0 .5rem}.md-typeset h2{font-size:1.1rem}" +
      ".bv-draft{background:#fff4d6;border:1px solid #c9a227;padding:.3rem .6rem;" +
      "border-radius:.3rem;font-size:.8rem}.bv-portrait img{max-width:10rem;border-radius:.4rem}",
    { raw: true }
  );

  /* ---- Dates: files may say 10/9/2021 (as decisions print it) or 2021-09-10 ----
   * Decap's date picker reads only the ISO form and would show 10/9/2021 as 9 October.
   * The built-in widget is wrapped so it is handed the ISO form; a date the editor picks
   * is stored as YYYY-MM-DD, an untouched one stays as written. */

  var DMY_DATE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

  function isoDate(value) {
    var match = typeof value === "string" && DMY_DATE.exec(value);
    if (!match) return value;
    var pad = function (part) { return part.length === 1 ? "0" + part : part; };
    return match[3] + "-" + pad(match[2]) + "-" + pad(match[1]);
  }

  var builtInDate = CMS.getWidget("datetime");
  if (builtInDate) {
    var DateControl = createClass({
      render: function () {
        var props = Object.assign({}, this.props, { value: isoDate(this.props.value) });
        return h(builtInDate.control, props);
      },
    });
    CMS.registerWidget("datetime", DateControl, builtInDate.preview, builtInDate.schema);
  }

  /* ---- Saving: an emptied optional field is left out, never written as "" or [] ---- */

  function isCollection(value) {
    return value && typeof value.toJS === "function" && typeof value.filter === "function";
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (isCollection(value)) return value.size === 0;
    return false;
  }

  function clean(value) {
    if (!isCollection(value)) return value;
    var cleaned = value.map(clean);
    return cleaned.filter(function (item) { return !isEmpty(item); });
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var body = data.get("body");
      var cleaned = clean(data.delete("body"));
      return body === undefined ? cleaned : cleaned.set("body", body);
    },
  });

  /* ---- Previews ---- */

  // Labels of select options come from the generated config, so they match the site.
  function optionLabel(fields, name, value) {
    if (!value) return "";
    var field = fields && fields.find(function (f) { return f.get("name") === name; });
    var options = field && field.get("options");
    var option = options && options.find(function (o) { return o.get("value") === value; });
    return option ? option.get("label") : value;
  }

  // Relation widgets keep the entries they show in fieldsMetaData ({collection: {id: data}},
  // nested under the field's name); a referenced record is named by its title, else its id.
  function related(metadata, collection, id, titleField) {
    var found = null;
    (function walk(node) {
      if (found || !isCollection(node)) return;
      var data = node.getIn && node.getIn([collection, id]);
      if (data && data.get && data.get(titleField)) {
        found = data.get(titleField);
        return;
      }
      node.forEach(walk);
    })(metadata);
    return found || id;
  }

  function fact(label, value) {
    if (!value) return null;
    return h("div", { key: label }, h("dt", null, label), h("dd", null, value));
  }

  function badge(kind) {
    if (!kind) return null;
    return h("span", { className: "bv-badge bv-badge--" + kind }, KIND_LABELS[kind] || kind);
  }

  function draftNote(entry) {
    if (entry.getIn(["data", "status"]) !== "draft") return null;
    return h("p", { className: "bv-draft" },
      "Bản nháp: chưa xuất hiện trên trang. Chọn Trạng thái “Đăng trên trang” để đăng.");
  }

  function list(value) {
    if (!value) return [];
    return typeof value.toJS === "function" ? value.toJS() : [].concat(value);
  }

  var ExemplarPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var fields = this.props.fields;
      var metadata = this.props.fieldsMetaData;
      var get = function (name) { return entry.getIn(["data", name]); };
      var portrait = get("portrait");
      var image = portrait
        ? h("div", { className: "bv-portrait" },
            h("img", { src: this.props.getAsset(portrait).toString(),
                       alt: get("portrait_alt") || get("name") || "" }))
        : null;
      var tags = list(get("tags"));
      return h("div", { className: "md-typeset" },
        h("article", { className: "bv-record bv-exemplar" },
          draftNote(entry),
          h("h1", null, get("name") || "(chưa có tên)"),
          h("div", { className: "bv-profile" },
            image,
            h("dl", { className: "bv-facts" },
              fact("Loại", badge(get("kind"))),
              fact("Chức vụ", get("position")),
              fact("Cơ quan, đơn vị", get("organization")),
              fact("Lĩnh vực", optionLabel(fields, "sector", get("sector"))),
              fact("Địa bàn", optionLabel(fields, "unit", get("unit"))),
              fact("Phong trào", list(get("campaigns")).map(function (id) {
                return related(metadata, "campaigns", id, "title");
              }).join("; "))
            ),
            h("p", { className: "bv-summary" }, get("summary") || "")
          ),
          h("section", { className: "bv-section bv-body" },
            h("h2", null, "Câu chuyện"), this.props.widgetFor("body")),
          tags.length
            ? h("p", { className: "bv-tags" }, tags.map(function (tag) {
                return h("span", { className: "bv-tag", key: tag }, tag);
              }))
            : null
        )
      );
    },
  });

  var CommendationPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var fields = this.props.fields;
      var metadata = this.props.fieldsMetaData;
      var get = function (name) { return entry.getIn(["data", name]); };
      var recipientFields = fields && fields.find(function (f) {
        return f.get("name") === "recipients";
      });
      var inner = recipientFields && recipientFields.get("fields");
      var recipients = list(get("recipients"));
      var date = get("date");
      return h("div", { className: "md-typeset" },
        h("article", { className: "bv-record bv-commendation" },
          draftNote(entry),
          h("h1", null, "Quyết định số " + (get("number") || "…")),
          h("dl", { className: "bv-facts" },
            fact("Ngày ký", date ? isoDate(String(date)).split("-").reverse().join("/") : ""),
            fact("Cấp quyết định", get("issuer")),
            fact("Người ký", get("signer")),
            fact("Hình thức", optionLabel(fields, "award", get("award"))),
            fact("Loại hình", optionLabel(fields, "type", get("type"))),
            fact("Phong trào",
              get("campaign") && related(metadata, "campaigns", get("campaign"), "title"))
          ),
          h("section", { className: "bv-section" },
            h("h2", null, "Thành tích"),
            h("p", { className: "bv-reason" }, get("reason") || "")),
          h("section", { className: "bv-section" },
            h("h2", null, "Danh sách được khen thưởng (" + recipients.length + ")"),
            h("ol", { className: "bv-recipients" }, recipients.map(function (r, index) {
              return h("li", { className: "bv-recipient", key: index },
                h("span", null, r.exemplar
                  ? related(metadata, "exemplars", r.exemplar, "name")
                  : r.name || "(chưa ghi tên)"), " ",
                badge(r.kind), " ",
                r.position ? h("span", { className: "bv-muted" }, r.position + ", ") : null,
                h("span", { className: "bv-unit" }, optionLabel(inner, "unit", r.unit)),
                r.reason ? h("br") : null,
                r.reason ? h("span", { className: "bv-reason" }, r.reason) : null);
            }))
          ),
          h("section", { className: "bv-section bv-body" }, this.props.widgetFor("body"))
        )
      );
    },
  });

  CMS.registerPreviewTemplate("exemplars", ExemplarPreview);
  CMS.registerPreviewTemplate("commendations", CommendationPreview);
})();
