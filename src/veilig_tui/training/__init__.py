"""`veilig oefenen`: awareness training on the real melden dialogue.

- `cases`: the case format (`oefenen/*.yaml` in the organisation folder) and its check.
- `practice`: the use cases (pick a case, run the flow in a separate practice store,
  feedback, knowledge questions, results). No Textual here.
- `plain`: the line-based front end (`veilig oefenen --eenvoudig`).
- `group`: session files, nickname results and the trainer's overview.
"""
