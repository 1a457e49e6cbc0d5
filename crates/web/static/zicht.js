// Progressive enhancement only: every page works without this file.
// Choosing an intervention in the trajectplan shows what followed for
// comparable clients with it, read out by screen readers.
document.addEventListener('DOMContentLoaded', () => {
  for (const select of document.querySelectorAll('select[data-comparable]')) {
    const list = document.getElementById(select.dataset.comparable);
    const out = document.getElementById(select.dataset.comparable + '-gekozen');
    if (!list || !out) continue;
    const show = () => {
      let text = select.value ? out.dataset.unknown : out.dataset.pick;
      for (const li of list.querySelectorAll('li[data-item]')) {
        const chosen = li.dataset.item === select.value;
        li.classList.toggle('chosen', chosen);
        if (chosen) text = li.textContent.trim();
      }
      out.textContent = text;
    };
    select.addEventListener('change', show);
    show();
  }
});
