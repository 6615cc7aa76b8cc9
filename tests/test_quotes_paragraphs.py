"""Quote boundaries: a reported clause stays in the paragraph of its verb,
where the parser ran a list of headlines into the sentence of a quote
(quotes/boundaries.py `_in_paragraph`) or the next line into a report that
ends a line without a stop (attribution.py `_across_paragraphs`), and a report set off by
commas after the subject of the sentence reports that sentence
(`_subject_before`), after a condition the main clause (`_clause_before`),
after "which" the rest of the relative clause; a short quotation that is a
sentence of its own is a quote (quotes/marks.py `_sentence`). Passages
written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _quotes

LINKS = ("But the ministry sees things very differently.\n"
         "Rebel fighters seize two towns in the north\n"
         "Opposition leader detained ahead of a vote on the budget\n"
         "Rebel commander killed in an airstrike near the border\n")




def test_headlines_before_a_quote_are_not_part_of_it(process: Any) -> None:
    got = _quotes(process, LINKS + "“We did not start this war,” the president said. “It was "
                                   "the rebels.”")
    assert got[0] == ("We did not start this war", "the president")
    assert all("\n" not in t for t, _ in got)


def test_a_report_in_one_paragraph_is_unchanged(process: Any) -> None:
    got = _quotes(process, "The minister said on Monday that the talks would resume in "
                           "Geneva next week if both delegations agreed.")
    assert got == [("the talks would resume in Geneva next week if both delegations agreed",
                    "The minister")]


# A report set off by commas inside the sentence it reports
# (quotes/detached.py `_parenthetical`, `_subject_before`).

def test_a_parenthetical_report_after_the_subject_reports_the_sentence(process: Any) -> None:
    got = _quotes(process, "Maria Lopez has led the delegation since June. Such questions, she "
                           "said, should be settled by the voters in a referendum.")
    assert got == [("Such questions, she said, should be settled by the voters in a referendum",
                    "Maria Lopez")]


def test_a_parenthetical_report_after_a_noun_adverb(process: Any) -> None:
    got = _quotes(process, "Maria Lopez has led the delegation since June. The only way "
                           "forward, she argues, is a slow return to the negotiating table.")
    assert [s for _, s in got] == ["Maria Lopez"]


def test_a_parenthetical_report_after_a_clause_is_unchanged(process: Any) -> None:
    got = _quotes(process, "Maria Lopez has led the delegation since June. After the talks "
                           "ended in Geneva, she said, the delegates flew home to their "
                           "capitals.")
    assert not any(t.startswith("After the talks") for t, _ in got)


def test_a_parenthetical_report_in_a_relative_clause_reports_the_rest(process: Any) -> None:
    got = _quotes(process, "Travellers could board at any of the forty stations along the "
                           "route, which, Maria Lopez said, largely explained the gap between "
                           "the tickets sold and the passengers counted.")
    assert got == [("largely explained the gap between the tickets sold and the passengers "
                    "counted", "Maria Lopez")]


def test_a_parenthetical_report_after_a_condition_reports_the_main_clause(
        process: Any) -> None:
    got = _quotes(process, "The general may be released next month. If that happens, reports "
                           "say, the former general plans to return to his farm in the north.")
    assert [t for t, _ in got] == ["the former general plans to return to his farm in the north"]


def test_a_short_quoted_sentence_is_a_quote(process: Any) -> None:
    got = _quotes(process, "John Okafor met the press on Monday. “We will wait for their answer "
                           "until the end of the month,” he said. Margaret Thompson disagreed. "
                           "“They will never answer.”")
    assert got[-1] == ("They will never answer.", "Margaret Thompson")


def test_a_short_quoted_name_in_a_sentence_is_no_quote(process: Any) -> None:
    got = _quotes(process, "The board met on Monday. “Peace Now” is the name of the campaign.")
    assert got == []


def test_a_parenthetical_report_after_an_adverb_the_parser_hung_on_it(process: Any) -> None:
    got = _quotes(process, "“Those are dangerous places.” Still, Berger warns, their return to "
                           "doing business in Iran wouldn’t mean an overall détente.")
    assert got[-1] == ("their return to doing business in Iran wouldn’t mean an overall détente",
                       "Berger")


def test_a_report_at_a_line_end_without_a_stop_reports_its_own_line(process: Any) -> None:
    got = _quotes(process, "The minister said he was open to talks but set conditions nobody "
                           "could accept. That is a refusal in all but name, Tomas Lind said\n\n"
                           "A source close to the government told reporters: “The army will keep "
                           "advancing in the east.”")
    assert got[1:] == [("That is a refusal in all but name", "Tomas Lind"),
                       ("The army will keep advancing in the east.",
                        "A source close to the government")]
