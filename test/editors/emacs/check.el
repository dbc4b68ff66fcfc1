;;; check.el --- Emacs 28 + eglot as a real third-party LSP client of `node dist/cli.js lsp --stdio'  -*- lexical-binding: t; -*-
;;
;; Run by test/editors/run.js:  emacs --batch -Q -l check.el
;; Environment: GMH_SERVER_CLI (absolute path of dist/cli.js), GMH_FILE (the Go file to open).
;; Prints "ok - ..." / "not ok - ..." lines and exits 0 only when every check passed.

(require 'package)
;; -Q skips Debian's site start-up, which is what adds its packages (elpa-eglot) to the package path.
(dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p dir) (add-to-list 'package-directory-list dir)))
(package-initialize)
(require 'cl-lib)
(require 'subr-x)
(require 'flymake)
(require 'eglot)

(defvar gmh-failures 0)

(defun gmh-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun gmh-check (ok what &optional detail)
  (if ok
      (gmh-say "ok - %s" what)
    (setq gmh-failures (1+ gmh-failures))
    (gmh-say "not ok - %s%s" what (if detail (format ": %s" detail) "")))
  ok)

(defun gmh-wait (pred timeout)
  "Poll PRED (processing server output) until it is non-nil or TIMEOUT seconds pass."
  (let ((deadline (+ (float-time) timeout)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

;; Emacs 28 has no go-mode: a minimal one is enough for eglot to pick the server.
(define-derived-mode go-mode prog-mode "Go")
(add-to-list 'auto-mode-alist '("\\.go\\'" . go-mode))
(add-to-list 'eglot-server-programs `(go-mode . ("node" ,(getenv "GMH_SERVER_CLI") "lsp" "--stdio")))
(setq-default eglot-workspace-configuration '((:goMemoryHints . (:compiler "off"))))
(setq eglot-sync-connect t
      eglot-autoshutdown t
      flymake-no-changes-timeout 0.1)

(defun gmh-line-of (marker)
  (save-excursion
    (goto-char (point-min))
    (search-forward marker)
    (1- (line-number-at-pos))))

(defun gmh-lsp-diags ()
  "The LSP diagnostics eglot handed to Flymake."
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d)))
           when lsp collect lsp))

(defun gmh-find (code)
  (cl-find-if (lambda (d) (equal (plist-get d :code) code)) (gmh-lsp-diags)))

(defun gmh-main ()
  (find-file (getenv "GMH_FILE"))
  (go-mode)
  (apply #'eglot (eglot--guess-contact))
  (let ((server (eglot-current-server)))
    (gmh-check server "eglot connects to the server")
    (when server
      (gmh-check (gmh-wait (lambda () (flymake-start) (and (gmh-find "moved-to-heap") (gmh-find "struct-layout"))) 20)
                 "diagnostics arrive in Flymake" (format "%S" (gmh-lsp-diags)))
      (when-let ((moved (gmh-find "moved-to-heap")))
        (gmh-check (= (plist-get (plist-get (plist-get moved :range) :start) :line) (gmh-line-of "n := node{val: v}"))
                   "moved-to-heap is on the line of n")
        (gmh-check (= (plist-get moved :severity) 2) "escape diagnostics are warnings")
        (gmh-check (string-match-p "moved to heap: n.*\n• " (plist-get moved :message)) "the message carries the reason chain"))
      (let* ((padded (gmh-line-of "type Padded struct"))
             (hover (jsonrpc-request server :textDocument/hover
                                     (list :textDocument (eglot--TextDocumentIdentifier)
                                           :position (list :line padded :character 6))))
             (md (format "%s" (plist-get (plist-get hover :contents) :value))))
        (gmh-check (string-match-p (regexp-quote "| offset | field | type | size | align | pad |") md) "hover shows the layout table" md)
        (gmh-check (string-match-p (regexp-quote "size 24 B, align 8") md) "hover shows size and alignment"))
      (let* ((layout (gmh-find "struct-layout"))
             (actions (jsonrpc-request server :textDocument/codeAction
                                       (list :textDocument (eglot--TextDocumentIdentifier)
                                             :range (plist-get layout :range)
                                             :context (list :diagnostics (vector layout)))))
             (reorder (cl-find "Reorder fields for minimal size" actions :key (lambda (a) (plist-get a :title)) :test #'equal))
             (fixall (cl-find "source.fixAll.goMemoryHints" actions :key (lambda (a) (plist-get a :kind)) :test #'equal)))
        (gmh-check (and reorder (plist-get reorder :edit)) "the reorder quick fix is offered with an edit")
        (gmh-check fixall "\"Fix all Go memory hints\" is offered")
        (when reorder
          (eglot--apply-workspace-edit (plist-get reorder :edit))
          ;; eglot sends didChange from an idle timer, and batch Emacs is never idle: send it now.
          (eglot--signal-textDocument/didChange)
          (gmh-check (save-excursion
                       (goto-char (point-min))
                       (search-forward "type Padded struct {\n\tb int64\n\ta bool\n" nil t))
                     "applying it reorders the fields" (buffer-string))
          (gmh-check (gmh-wait (lambda () (flymake-start) (and (gmh-find "moved-to-heap") (not (gmh-find "struct-layout")))) 10)
                     "the layout diagnostic goes away after the edit")))
      (set-buffer-modified-p nil)
      (ignore-errors (eglot-shutdown server)))))

(condition-case err
    (gmh-main)
  (error (gmh-check nil "the script runs" (error-message-string err))))
(kill-emacs (if (zerop gmh-failures) 0 1))
