// Progressive enhancements only: every page works without this file.
document.querySelectorAll("a.contact-email[data-contact]").forEach((link) => {
  const address = atob(link.dataset.contact).split("").reverse().join("");
  link.href = "mailto:" + address;
  link.textContent = address;
});
