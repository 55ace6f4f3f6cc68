// Package timeline reads the update blocks that Statuspage's templates print into feeds and
// pages, and that Instatus and LambStatus copy:
//
//	<p><small>Feb <var data-var='date'> 8</var>, <var data-var='time'>09:00</var> UTC</small><br>
//	<strong>Resolved</strong> - This incident has been resolved.</p>
//
// A block starts at a <small> whose text is a time stamp; its status is the first <strong>
// after the stamp (bodies hold more <strong> tags, and unclosed <li>s); its body runs to the
// next block. It scans the HTML as a string: finding a few tags needs no parse tree. Stamps and
// status words are rendered by normalize.InlineText, which follows HTML's own rules for tags.
package timeline
