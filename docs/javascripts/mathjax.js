// MathJax settings for pymdownx.arithmatex (generic mode). This file is loaded before
// the MathJax shipped with the site (vendor/mathjax/tex-svg-full.js): the formulas are
// typeset in the reader's browser with no network, whether the site is served or opened
// from the file system.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    // The context menu's accessibility and renderer switches load further components
    // that the site does not ship; screen readers still get the hidden MathML.
    enableMenu: false
  },
  svg: {
    // One set of glyph shapes per page rather than per formula.
    fontCache: "global"
  }
};

document$.subscribe(() => {
  if (!window.MathJax.typesetPromise) {
    return  // MathJax typesets the page itself once loaded
  }
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
