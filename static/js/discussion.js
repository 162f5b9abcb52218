// Marginalia discussion: small conveniences on top of pages that work without JavaScript.
// Reply links open the comment form in place instead of on its own page; links to a comment
// or a passage's discussion open the <details> that holds it; deleting asks first.
(function () {
  "use strict";

  var template = document.getElementById("reply-form-template");

  function openDetailsAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target) {
      openDetailsAround(target);
      target.scrollIntoView();
    }
  }

  function closeOpenForms() {
    document.querySelectorAll(".comment-form.is-inline").forEach(function (form) { form.remove(); });
  }

  function openForm(link) {
    closeOpenForms();
    var form = template.content.firstElementChild.cloneNode(true);
    form.classList.add("is-inline");
    form.elements.passage.value = link.dataset.passage || "";
    form.elements.prompt.value = link.dataset.prompt || "";
    form.elements.parent.value = link.dataset.parent || "";
    var context = form.querySelector(".comment-context");
    if (link.dataset.context) {
      context.textContent = link.dataset.context;
      context.hidden = false;
    }
    var anchor;
    if (link.dataset.parent) {
      anchor = link.closest(".comment-actions");
      anchor.after(form);
    } else if (link.dataset.prompt) {
      var discussion = link.closest(".passage").querySelector(".discussion");
      discussion.open = true;
      discussion.querySelector(".reply-actions").before(form);
    } else {
      link.closest(".reply-actions").after(form);
    }
    form.querySelector(".cancel-reply").addEventListener("click", function () {
      form.remove();
      link.focus();
    });
    form.elements.body.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.reply-link");
    if (link && template) {
      event.preventDefault();
      openForm(link);
      return;
    }
    var count = event.target.closest("a.margin-count");
    var details = count && count.closest(".passage").querySelector("details.discussion");
    // A collapsed passage (long discussions) has no <details>: the link loads its threads.
    if (details) {
      event.preventDefault();
      details.open = true;
      history.replaceState(null, "", "#" + details.id);
      details.scrollIntoView({ block: "nearest" });
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.classList.contains("delete-form") && !window.confirm("Delete this comment?")) {
      event.preventDefault();
    }
  });

  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
