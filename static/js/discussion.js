// Marginalia discussion: small conveniences on top of pages that work without JavaScript.
// A passage's count in the margin opens its discussion in place (without the script it loads
// the page with ?open=, which the server renders open). Reply, "+" and "Answer" open the comment
// form in place; "Flag" opens the page's one flag form under the comment, and "Add a question
// here" the page's one question form under the passage; deleting asks first.
// A comment is posted in place: a refusal shows at the form, the text kept; once posted, the page
// opens at the new comment, shown right under what it answers.
(function () {
  "use strict";

  var replyTemplate = document.getElementById("reply-form-template");
  var flagTemplate = document.getElementById("flag-form-template");
  var questionTemplate = document.getElementById("question-form-template");

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
    var posted = justPosted();
    var target = id && document.getElementById(id);
    if (!target) return;
    var discussion = target.closest(".discussion");
    if (discussion) setOpen(discussion, true);
    target.scrollIntoView();
    if (posted === id && target.matches(".comment")) {
      var context = placeJustPosted(target);
      showWithContext(target.querySelector(":scope > article") || target, context);
    }
  }

  // The comment this tab has just posted (set before the page loads at it, read once).
  function justPosted(value) {
    try {
      if (value) return sessionStorage.setItem("marginalia-just-posted", value);
      var id = sessionStorage.getItem("marginalia-just-posted");
      sessionStorage.removeItem("marginalia-just-posted");
      return id;
    } catch (error) {
      return null;  // storage refused: the comment is still shown, only not moved
    }
  }

  // A comment just posted is shown right under what it answers, moved up its list on this page
  // (the server keeps threads oldest first): under the comment it replies to, else first under
  // its passage or under the whole reading's heading. Returns that context.
  function placeJustPosted(target) {
    var link = target.querySelector(":scope > article .comment-in-reply-to a");
    var answered = link && document.getElementById(link.getAttribute("href").slice(1));
    if (answered && answered.parentElement === target.parentElement) {
      answered.after(target);  // a reply at the depth limit sits beside the comment it answers
    } else {
      target.parentElement.prepend(target);
      answered = target.parentElement.closest(".comment");
    }
    if (answered) return answered.querySelector(":scope > article") || answered;
    var passage = target.closest(".passage");
    if (passage) return passage.querySelector(".passage-text") || passage;
    return document.getElementById("comments-title") || target;
  }

  function showWithContext(comment, context) {
    var gap = 16;
    var top = context.getBoundingClientRect().top;
    var bottom = comment.getBoundingClientRect().bottom;
    if (bottom - top + 2 * gap <= window.innerHeight) {
      window.scrollBy(0, top - gap);  // both in view, the context at the top
    } else {
      window.scrollBy(0, bottom + gap - window.innerHeight);  // the comment whole, as much context as fits
    }
  }

  function closeOpenForms() {
    document.querySelectorAll(".comment-form.is-inline, .flag-form.is-inline, .question-form.is-inline").forEach(function (form) { form.remove(); });
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

  function openQuestion(link) {
    closeOpenForms();
    var form = questionTemplate.content.firstElementChild.cloneNode(true);
    form.elements.passage.value = link.dataset.passage;
    form.classList.add("is-inline");
    link.parentElement.after(form);
    form.querySelector(".cancel-reply").addEventListener("click", function () {
      form.remove();
      link.focus();
    });
    form.querySelector("textarea").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.add-question-link");
    if (link && questionTemplate) {
      event.preventDefault();
      openQuestion(link);
      return;
    }
    link = event.target.closest("a.reply-link");
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

  // Posting in place: a refusal (too fast, the hourly cap, too long, muted) is shown at this form,
  // the text still in the box and nothing saved; a posted comment loads the page at it. If the
  // answer is not the view's JSON (a lost connection, a 403 or 429 page), the form posts as without
  // the script, and the comment form's own page explains.
  function showErrors(form, errors) {
    var box = form.querySelector(".form-errors");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      form.querySelector(".comment-label").before(box);
    }
    var list = document.createElement("ul");
    list.className = "errorlist";
    errors.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    box.replaceChildren(list);
    form.elements.body.focus();
  }

  function goTo(address) {
    var target = new URL(address, location.href);
    justPosted(decodeURIComponent(target.hash.slice(1)));
    if (target.pathname + target.search === location.pathname + location.search) {
      // Only the fragment differs: reload, or the new comment would not be on the page.
      history.scrollRestoration = "manual";
      history.replaceState(null, "", target.href);
      location.reload();
    } else {
      location.assign(target.href);
    }
  }

  function postInPlace(form) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (reply) {
        if (reply.ok && reply.answer.location) {
          goTo(reply.answer.location);
        } else if (!reply.ok && reply.answer.errors) {
          button.disabled = false;
          showErrors(form, reply.answer.errors);
        } else {
          throw new Error("not the comment view's answer");
        }
      })
      .catch(function () { form.submit(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("delete-form") && !window.confirm("Delete this comment?")) {
      event.preventDefault();
    } else if (form.classList.contains("comment-form") && window.fetch) {
      event.preventDefault();
      postInPlace(form);
    }
  });

  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
