/* Amounts of đồng grouped as they are typed: 1500000 becomes 1.500.000 (core/money_fields.py MoneyInput).
 *
 * Only inputs marked data-money are touched, and only while they hold digits and separators: anything
 * else is left as typed, for the form to explain. The caret stays after the same digit. */
(function () {
  "use strict";

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-money")) {
      return;
    }
    var typed = input.value;
    if (!/^[\d., \u00a0]*$/.test(typed)) {
      return;
    }
    var caret = input.selectionStart === null ? typed.length : input.selectionStart;
    if (/[., \u00a0]$/.test(typed.slice(0, caret))) {
      return; // a separator just typed: wait for what follows it
    }
    var digitsBeforeCaret = typed.slice(0, caret).replace(/\D/g, "").length;
    var digits = typed.replace(/\D/g, "");
    var leadingZeros = digits.length - digits.replace(/^0+(?=\d)/, "").length;
    var grouped = group(digits.slice(leadingZeros));
    if (grouped === typed) {
      return;
    }
    input.value = grouped;
    var position = 0;
    var seen = leadingZeros;
    while (position < grouped.length && seen < digitsBeforeCaret) {
      if (/\d/.test(grouped.charAt(position))) {
        seen += 1;
      }
      position += 1;
    }
    input.setSelectionRange(position, position);
  });
})();
