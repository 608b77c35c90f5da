"""The LMS exports: grades for Canvas, Moodle or a spreadsheet (:mod:`.grades`, ``course
export-grades``) and the quiz banks as QTI or Moodle XML (:mod:`.quiz`, ``course export-quiz``)."""
