// Marginalia discussion: small conveniences on top of pages that work without JavaScript.
// A passage's count in the margin opens its discussion in place (without the script it loads
// the page with ?open=, which the server renders open). Reply, "+" and "Answer" open the comment
// form in place; "Flag" opens the page's one flag form under the comment; deleting asks first.
(function () {
  "use strict";

  var replyTemplate = document.getElementById("reply-form-template");
  var flagTemplate = document.getElementById("flag-form-template");

  function setOpen(discussion, open) {
    discussion.hidden = !open;
    var passage = discussion.closest(".passage");
    if (!passage) return;
    passage.classList.toggle("is-open", open);
    var count = passage.querySelector(".margin-count");
    if (count) count.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var discussion = target.closest(".discussion");
    if (discussion) setOpen(discussion, true);
    target.scrollIntoView();
  }

  function closeOpenForms() {
    document.querySelectorAll(".comment-form.is-inline, .flag-form.is-inline").forEach(function (form) { form.remove(); });
  }

  function place(form, link, focus) {
    form.classList.add("is-inline");
    var actions = link.closest(".comment-actions");
    if (actions) {
      actions.after(form);
    } else {
      var passage = link.closest(".passage");
      var tools = passage && passage.querySelector(".margin-tools");
      (tools || link.parentElement).after(form);
    }
    form.querySelector(".cancel-reply").addEventListener("click", function () {
      form.remove();
      link.focus();
    });
    form.querySelector(focus).focus();
  }

  function openReply(link) {
    closeOpenForms();
    var form = replyTemplate.content.firstElementChild.cloneNode(true);
    var params = new URL(link.href, location.href).searchParams;
    form.elements.passage.value = params.get("passage") || link.dataset.passage || "";
    form.elements.prompt.value = params.get("prompt") || "";
    form.elements.parent.value = params.get("parent") || "";
    var context = form.querySelector(".comment-context");
    var comment = link.closest(".comment");
    var text = link.dataset.context ||
      (comment ? "Replying to " + comment.querySelector(".comment-author").textContent : "");
    if (text) {
      context.textContent = text;
      context.hidden = false;
    }
    place(form, link, "textarea");
  }

  function openFlag(link) {
    closeOpenForms();
    var form = flagTemplate.content.firstElementChild.cloneNode(true);
    var id = link.closest(".comment").id.slice(2);
    form.action = flagTemplate.dataset.actionPrefix + id + "/flag/";
    place(form, link, "select");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.reply-link");
    if (link && replyTemplate) {
      event.preventDefault();
      openReply(link);
      return;
    }
    link = event.target.closest("a.flag-link");
    if (link && flagTemplate) {
      event.preventDefault();
      openFlag(link);
      return;
    }
    var count = event.target.closest("a.margin-count");
    var discussion = count && document.getElementById(count.getAttribute("aria-controls"));
    // A long discussion loads one passage at a time: without its threads here, the link loads them.
    if (discussion) {
      event.preventDefault();
      setOpen(discussion, discussion.hidden);
      if (!discussion.hidden) {
        history.replaceState(null, "", "#" + count.closest(".passage").id);
        var first = discussion.querySelector(".comment-meta > a");
        if (first) first.focus({ preventScroll: true });
      }
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
